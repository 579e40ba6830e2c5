package io.pybase.metrics.worker;

/**
 * A {@code Runnable} or {@code Callable} that names itself, so {@link InstrumentedExecutorService} counts it under that
 * {@code task_name} instead of the executor's default name.
 *
 * <pre>{@code
 * final class SendEmail implements Runnable, NamedTask {
 *   public void run() { ... }
 *   public String taskName() { return "send_email"; }    // a constant, never built from input
 * }
 * executor.execute(new SendEmail());   // celery_task_total{task_name="send_email",...}
 * }</pre>
 *
 * <p>Names come from code; past the label cap new names fold into {@code __overflow__}.
 */
public interface NamedTask {

  /** The {@code task_name} label of this task. */
  String taskName();
}
