package io.pybase.metrics.worker;

/**
 * Marks a task that records itself, so {@link MeteredExecutorService} runs it as is instead of counting it twice.
 */
interface InstrumentedTask {}
