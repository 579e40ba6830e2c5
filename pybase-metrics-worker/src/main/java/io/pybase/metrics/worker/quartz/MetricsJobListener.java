package io.pybase.metrics.worker.quartz;

import io.pybase.metrics.worker.WorkerNames;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.TaskRecorder;
import io.pybase.metrics.TaskStatus;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.quartz.ListenerManager;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * A Quartz {@link JobListener} that records every job execution as a task: {@code celery_task_total{task_name,status}},
 * {@code celery_task_duration_seconds{task_name}} (seconds, from {@code jobToBeExecuted} to {@code jobWasExecuted}),
 * {@code celery_task_retries_total{task_name}}, and {@code celery_active_workers{worker_name}} while jobs run.
 *
 * <pre>{@code
 * Scheduler scheduler = StdSchedulerFactory.getDefaultScheduler();
 * MetricsJobListener.register(scheduler);     // every job of the scheduler, default registry, WORKER_NAME
 * }</pre>
 *
 * <p>The task name is the job's key, {@code group.name} ({@code DEFAULT.nightlyReport}); give
 * {@link Builder#taskNames} another naming (the job class, say) when job names carry ids. Names pass the label cap
 * ({@code PROMETHEUS_MAX_LABEL_VALUES}): past it new names fold into {@code __overflow__}. Status: {@code success}
 * when the job returns, {@code retry} when it throws a {@link JobExecutionException} asking Quartz to refire it at
 * once, {@code failure} for any other exception. A vetoed execution is not counted. Recording never throws into
 * Quartz or the job.
 */
public final class MetricsJobListener implements JobListener {

  /** The listener's name in the scheduler's {@link ListenerManager}. */
  public static final String NAME = "pybaseMetrics";

  /** The context key of the execution's start, in {@link System#nanoTime()} nanoseconds. */
  private static final String START = MetricsJobListener.class.getName() + ".start";

  private static final System.Logger LOG = System.getLogger(MetricsJobListener.class.getName());

  private final PyBaseMetrics metrics;
  private final String workerName;
  private final Function<JobDetail, String> taskNames;
  private final AtomicBoolean faultLogged = new AtomicBoolean();

  private MetricsJobListener(Builder b) {
    this.metrics = b.metrics != null ? b.metrics : PyBaseMetrics.get();
    this.workerName = b.workerName != null ? b.workerName : WorkerNames.fromEnvironment();
    this.taskNames = b.taskNames;
    metrics.workers().initWorker(workerName);
  }

  /**
   * Adds a listener recording into {@link PyBaseMetrics#get()} to every job of {@code scheduler}; a listener already
   * registered under {@value #NAME} is kept and returned.
   *
   * @throws SchedulerException if the scheduler refuses listeners (it has been shut down)
   */
  public static MetricsJobListener register(Scheduler scheduler) throws SchedulerException {
    return builder().register(scheduler);
  }

  /** Like {@link #register(Scheduler)}, recording into {@code metrics}. */
  public static MetricsJobListener register(Scheduler scheduler, PyBaseMetrics metrics) throws SchedulerException {
    return builder().metrics(metrics).register(scheduler);
  }

  /** Options: where to record, the worker name, how jobs are named. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String getName() {
    return NAME;
  }

  /** The {@code worker_name} of the active gauge. */
  public String workerName() {
    return workerName;
  }

  @Override
  public void jobToBeExecuted(JobExecutionContext context) {
    try {
      context.put(START, System.nanoTime());
      metrics.workers().taskStarted(workerName);
    } catch (RuntimeException | LinkageError e) {
      fault(e);
    }
  }

  @Override
  public void jobExecutionVetoed(JobExecutionContext context) {
    // not executed: nothing to count
  }

  @Override
  public void jobWasExecuted(JobExecutionContext context, JobExecutionException jobException) {
    try {
      Object start = context.get(START);
      if (!(start instanceof Long startNanos)) {
        return;
      }
      long elapsed = System.nanoTime() - startNanos;
      metrics.workers().taskEnded(workerName);
      TaskRecorder task = metrics.tasks().task(taskNames.apply(context.getJobDetail()));
      task.finished(status(jobException), elapsed);
    } catch (RuntimeException | LinkageError e) {
      fault(e);
    }
  }

  private static TaskStatus status(JobExecutionException jobException) {
    if (jobException == null) {
      return TaskStatus.SUCCESS;
    }
    return jobException.refireImmediately() ? TaskStatus.RETRY : TaskStatus.FAILURE;
  }

  private void fault(Throwable e) {
    metrics.recordingFailed(e);   // counted in pybase_metrics_recording_errors_total; never throws for e
    if (faultLogged.compareAndSet(false, true)) {
      LOG.log(System.Logger.Level.WARNING, "Quartz job metrics recording failed; the job ran unchanged. "
          + "Later failures are not logged.", e);
    }
  }

  /**
   * Options of a {@link MetricsJobListener}.
   *
   * <pre>{@code
   * MetricsJobListener.builder()
   *     .metrics(metrics)                                         // default PyBaseMetrics.get()
   *     .workerName("reports")                                    // default WORKER_NAME
   *     .taskNames(job -> job.getJobClass().getSimpleName())      // default: the job key, group.name
   *     .register(scheduler);
   * }</pre>
   */
  public static final class Builder {
    private @Nullable PyBaseMetrics metrics;
    private @Nullable String workerName;
    private Function<JobDetail, String> taskNames = job -> job.getKey().toString();

    private Builder() {}

    /** Where to record (default {@link PyBaseMetrics#get()}). */
    public Builder metrics(PyBaseMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * The {@code worker_name} of the active gauge (default {@code WORKER_NAME}: {@link WorkerNames#fromEnvironment()}).
     *
     * @throws InvalidConfigurationException if it is not 1 to 64 letters, digits, '_', '.' or '-' (the rule of
     *     {@code WORKER_NAME})
     */
    public Builder workerName(String workerName) {
      this.workerName = WorkerNames.require(workerName);   // the one worker-name rule, applied here too
      return this;
    }

    /**
     * The {@code task_name} of a job (default: its key, {@code group.name}). It must return a value from a small
     * fixed set, never an id; a function that throws or returns {@code null} counts the job under {@code unknown}.
     */
    public Builder taskNames(Function<JobDetail, String> taskNames) {
      Objects.requireNonNull(taskNames, "taskNames");
      this.taskNames = job -> {
        try {
          return taskNames.apply(job);
        } catch (RuntimeException e) {
          return null;
        }
      };
      return this;
    }

    /** The listener, not yet registered anywhere. */
    public MetricsJobListener build() {
      return new MetricsJobListener(this);
    }

    /**
     * Builds the listener and adds it to every job of {@code scheduler}; a listener already registered under
     * {@value MetricsJobListener#NAME} is kept and returned.
     *
     * @throws SchedulerException if the scheduler refuses listeners (it has been shut down)
     */
    public MetricsJobListener register(Scheduler scheduler) throws SchedulerException {
      ListenerManager listeners = scheduler.getListenerManager();
      synchronized (listeners) {
        JobListener existing = listeners.getJobListener(NAME);
        if (existing instanceof MetricsJobListener known) {
          return known;
        }
        MetricsJobListener listener = build();
        listeners.addJobListener(listener);
        return listener;
      }
    }
  }
}
