package io.pybase.metrics.worker;

/**
 * A {@link Runnable} that records every execution. In catching mode (the default for
 * {@link InstrumentedTasks#runnable(String, Runnable)} and {@link MeteredExecutorService#execute(Runnable)}) the
 * task's exception goes to the failure listener and the running thread survives; otherwise it is rethrown.
 */
final class InstrumentedRunnable implements Runnable, NamedTask, InstrumentedTask {

  /** Runs the input; the one adapter every instance shares, so executing allocates nothing. */
  private static final TaskHandler<Runnable, Void> RUN = task -> {
    task.run();
    return null;
  };

  private final Runnable task;
  private final InstrumentedTasks.Resolved resolved;
  private final boolean catching;

  InstrumentedRunnable(Runnable task, InstrumentedTasks.Resolved resolved, boolean catching) {
    this.task = task;
    this.resolved = resolved;
    this.catching = catching;
  }

  @Override
  public void run() {
    try {
      resolved.execution.run(RUN, task, resolved.task, resolved.extraction(task));
    } catch (VirtualMachineError e) {
      throw e;
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
