package io.pybase.metrics.worker;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a task handler for its metrics and, optionally, gives it a retry policy. Put it on a {@link TaskHandler}
 * class or on its {@code handle} method; {@link InstrumentedTasks#wrap(TaskHandler)} reads it once, at wrap time
 * (no reflection per execution).
 *
 * <pre>{@code
 * @Task(name = "extract_document", taskType = "pdf", maxRetries = 3, retryOn = IOException.class, backoffMillis = 500)
 * final class PdfExtractor implements TaskHandler<Path, Document> {
 *   public Document handle(Path file) throws IOException { ... }
 * }
 *
 * TaskHandler<Path, Document> pdf = InstrumentedTasks.wrap(new PdfExtractor());
 * }</pre>
 *
 * <p>{@code name} becomes {@code celery_task_total{task_name}}. A non-empty {@code taskType} makes it an extraction
 * task: each execution is also recorded in {@code extraction_task_total{task_type,status}}. When one handler
 * extracts several file types, use {@code taskType = Task.FROM_INPUT} and let the handler implement
 * {@link TaskTypeResolver}: the type is then asked of each input.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Task {

  /** {@link #taskType()} value meaning "the handler, a {@link TaskTypeResolver}, tells the type of each input". */
  String FROM_INPUT = "<from input>";

  /** The {@code task_name} label; a fixed name from code, such as {@code extract_document}. */
  String name();

  /**
   * The {@code task_type} label of an extraction task ({@code pdf}, {@code dxf}, ...), {@link #FROM_INPUT}, or
   * empty (the default) for a task that is not an extraction.
   */
  String taskType() default "";

  /** Extra attempts after the first when an attempt throws one of {@link #retryOn()}; 0 (default) never retries. */
  int maxRetries() default 0;

  /** Exception types that are retried (subclasses included); others fail at once. Default: every exception. */
  Class<? extends Throwable>[] retryOn() default {Exception.class};

  /** Pause before the first retry, in milliseconds (default 0). */
  long backoffMillis() default 0;

  /** Each further retry waits this many times longer than the one before (default 1: a fixed pause). */
  double backoffMultiplier() default 1.0;
}
