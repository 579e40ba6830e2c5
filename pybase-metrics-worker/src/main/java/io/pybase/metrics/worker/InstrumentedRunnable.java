package io.pybase.metrics.worker;

import org.jspecify.annotations.Nullable;

/**
 * A {@link Runnable} that records every execution. In catching mode (the default for
 * {@link InstrumentedTasks#runnable(String, Runnable)} and {@link InstrumentedExecutorService#execute(Runnable)}) the
 * task's exception goes to the failure listener and the running thread survives; otherwise it is rethrown.
 */
final class InstrumentedRunnable implements Runnable, NamedTask, RecordingWrapper {

  /**
   * Runs the input; the one adapter every instance shares, so executing allocates nothing. It returns {@code null},
   * the only {@code Void}: TaskHandler's result type may be nullable ({@code O extends @Nullable Object}), which NullAway
   * checks only in its JSpecify mode (javac 22 and newer).
   */
  @SuppressWarnings("NullAway")
  private static final TaskHandler<Runnable, Void> RUN = task -> {
    task.run();
    return null;
  };

  private final Runnable task;
  private final InstrumentedTasks.Resolved resolved;
  private final boolean catching;
  private final long submittedNanos;

  InstrumentedRunnable(Runnable task, InstrumentedTasks.Resolved resolved, boolean catching, long submittedNanos) {
    this.task = task;
    this.resolved = resolved;
    this.catching = catching;
    this.submittedNanos = submittedNanos;
  }

  @Override
  public void run() {
    try {
      resolved.run(RUN, task, submittedNanos);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (TaskIgnoredException e) {
      if (!catching) {
        throw e;
      }
    } catch (RuntimeException | Error e) {
      if (!catching) {
        throw e;
      }
      resolved.report(e);
    } catch (Exception e) {
      // a Runnable cannot throw a checked exception; kept for the compiler
      resolved.report(e);
    }
  }

  @Override
  public String taskName() {
    return resolved.taskName;
  }

  @Override
  public String toString() {
    return "InstrumentedRunnable{" + resolved.taskName + ": " + task + "}";
  }
}
