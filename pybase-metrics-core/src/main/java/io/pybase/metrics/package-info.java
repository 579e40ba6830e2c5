/**
 * The metric catalogue and its recorders: {@link io.pybase.metrics.PyBaseMetrics}, one per registry, hands out the
 * typed recorders ({@link io.pybase.metrics.HttpMetrics}, {@link io.pybase.metrics.TaskMetrics},
 * {@link io.pybase.metrics.DbMetrics}, {@link io.pybase.metrics.CacheMetrics},
 * {@link io.pybase.metrics.WebSocketMetrics}, {@link io.pybase.metrics.WorkerMetrics}); every metric of the contract
 * is defined once in {@link io.pybase.metrics.MetricDefinition}. Recorders are built by the catalogue only; label
 * safety (the label-value cap, method and status tables) is internal to this package.
 *
 * <pre>{@code
 * PyBaseMetrics metrics = PyBaseMetrics.get();
 * metrics.tasks().task("send_email").succeeded(elapsedNanos);
 * }</pre>
 */
@NullMarked
package io.pybase.metrics;

import org.jspecify.annotations.NullMarked;
