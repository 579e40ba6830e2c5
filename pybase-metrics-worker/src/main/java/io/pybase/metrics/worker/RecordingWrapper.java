package io.pybase.metrics.worker;

/**
 * Marks a task wrapper that records its own executions, so {@link InstrumentedExecutorService} runs it as it is
 * instead of counting it twice.
 */
interface RecordingWrapper {}
