package io.pybase.metrics.worker;

import org.jspecify.annotations.Nullable;

/**
 * Tells the {@code task_type} of one input, for an extraction handler that serves several file types. Implement it
 * on the handler and annotate it with {@code taskType = Task.FROM_INPUT}, or pass one to
 * {@link InstrumentedTasks.Builder#taskTypes(TaskTypeResolver)}.
 *
 * <pre>{@code
 * @Task(name = "extract_document", taskType = Task.FROM_INPUT)
 * final class Extractor implements TaskHandler<Path, Document>, TaskTypeResolver<Path> {
 *   public Document handle(Path file) { ... }
 *   public String taskType(Path file) {
 *     return FileKind.of(file).label();   // "pdf", "dxf", "ifc", "step" or "other": a fixed set
 *   }
 * }
 * }</pre>
 *
 * <p>Return a value from a small fixed set, never a raw file name or extension taken from the input: label values
 * past the cap ({@code PROMETHEUS_MAX_LABEL_VALUES}) fold into {@code __overflow__}. A resolver that throws or
 * returns {@code null} records the execution under {@code task_type="unknown"}; the task still runs.
 *
 * @param <I> the task's input
 */
@FunctionalInterface
public interface TaskTypeResolver<I> {

  /** The {@code task_type} label of {@code input}. Called once per execution, before the task runs. */
  @Nullable String taskType(I input);
}
