/**
 * Task-worker metrics: wrappers that record every task execution ({@link io.pybase.metrics.worker.InstrumentedTasks},
 * {@link io.pybase.metrics.worker.InstrumentedExecutorService}, the {@link io.pybase.metrics.worker.Task} annotation
 * and its {@link io.pybase.metrics.worker.RetryPolicy}), queue-length gauges
 * ({@link io.pybase.metrics.worker.QueueLengthRegistration}) and the worker's own metrics HTTP server
 * ({@link io.pybase.metrics.worker.WorkerMetricsServer}).
 *
 * <pre>{@code
 * Runnable cleanup = InstrumentedTasks.runnable("cleanup_tmp", () -> tmp.purge());
 * WorkerMetricsServer server = WorkerMetricsServer.builder().workerName("extraction").port(9091).start();
 * }</pre>
 */
@NullMarked
package io.pybase.metrics.worker;

import org.jspecify.annotations.NullMarked;
