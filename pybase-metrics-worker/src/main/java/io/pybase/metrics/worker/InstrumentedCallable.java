package io.pybase.metrics.worker;

import java.util.concurrent.Callable;

/** A {@link Callable} that records every execution and rethrows the task's exception unchanged. */
final class InstrumentedCallable<V> implements Callable<V>, NamedTask, RecordingWrapper {

  private final Callable<V> task;
  private final InstrumentedTasks.Resolved resolved;
  private final TaskHandler<Callable<V>, V> call = Callable::call;
  private final long submittedNanos;

  InstrumentedCallable(Callable<V> task, InstrumentedTasks.Resolved resolved, long submittedNanos) {
    this.task = task;
    this.resolved = resolved;
    this.submittedNanos = submittedNanos;
  }

  @Override
  public V call() throws Exception {
    return resolved.run(call, task, submittedNanos);
  }

  @Override
  public String taskName() {
    return resolved.taskName;
  }

  @Override
  public String toString() {
    return "InstrumentedCallable{" + resolved.taskName + ": " + task + "}";
  }
}
