/**
 * Task metrics ({@code celery_task_*}) for Spring's {@code @Async} methods and {@code TaskExecutor}s: a
 * {@link io.pybase.metrics.spring.task.MetricsTaskDecorator} and an
 * {@link io.pybase.metrics.spring.task.AsyncTaskMetricsPostProcessor}, both installed by the starter.
 *
 * <pre>{@code
 * executor.setTaskDecorator(new MetricsTaskDecorator(metrics, "nightly_report"));
 * }</pre>
 */
@NullMarked
package io.pybase.metrics.spring.task;

import org.jspecify.annotations.NullMarked;
