package io.pybase.metrics.worker;

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
    return resolved.execution.run(handler, input, resolved.task, resolved.extraction(input),
        TaskExecution.NOT_QUEUED);
  }

  @Override
  public String taskName() {
    return resolved.taskName;
  }

  @Override
  public String toString() {
    return "InstrumentedHandler{" + resolved.taskName + ": " + handler + "}";
  }
}
