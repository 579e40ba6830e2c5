package io.pybase.metrics.worker;

import java.util.concurrent.Callable;

/** A {@link TaskHandler} that records every execution; built by {@link InstrumentedTasks}. */
final class InstrumentedHandler<I, O> implements TaskHandler<I, O>, NamedTask, RecordingWrapper {

  private final TaskHandler<I, O> handler;
  private final InstrumentedTasks.Resolved resolved;

  InstrumentedHandler(TaskHandler<I, O> handler, InstrumentedTasks.Resolved resolved) {
    this.handler = handler;
    this.resolved = resolved;
  }

  @Override
  public O handle(I input) throws Exception {
    return resolved.run(handler, input, TaskExecution.NOT_QUEUED);
  }

  /** This handler's execution on {@code input}, queued now, as a task for an executor. */
  Callable<O> callable(I input) {
    return new Call<>(this, input, System.nanoTime());
  }

  @Override
  public String taskName() {
    return resolved.taskName;
  }

  @Override
  public String toString() {
    return "InstrumentedHandler{" + resolved.taskName + ": " + handler + "}";
  }

  /** One execution of a wrapped handler, handed to an executor: recorded by the handler, once. */
  private static final class Call<I, O> implements Callable<O>, NamedTask, RecordingWrapper {
    private final InstrumentedHandler<I, O> handler;
    private final I input;
    private final long submittedNanos;

    Call(InstrumentedHandler<I, O> handler, I input, long submittedNanos) {
      this.handler = handler;
      this.input = input;
      this.submittedNanos = submittedNanos;
    }

    @Override
    public O call() throws Exception {
      return handler.resolved.run(handler.handler, input, submittedNanos);
    }

    @Override
    public String taskName() {
      return handler.taskName();
    }

    @Override
    public String toString() {
      return "InstrumentedHandler.Call{" + handler.taskName() + "}";
    }
  }
}
