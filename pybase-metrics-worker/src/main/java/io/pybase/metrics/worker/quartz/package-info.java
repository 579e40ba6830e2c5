/**
 * Task metrics for Quartz 2.5 jobs: {@link io.pybase.metrics.worker.quartz.MetricsJobListener} records each job
 * execution in {@code celery_task_*} under the job's key.
 *
 * <pre>{@code
 * MetricsJobListener.register(scheduler, metrics);
 * }</pre>
 */
@NullMarked
package io.pybase.metrics.worker.quartz;

import org.jspecify.annotations.NullMarked;
