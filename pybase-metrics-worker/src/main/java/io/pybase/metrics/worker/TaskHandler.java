package io.pybase.metrics.worker;

import org.jspecify.annotations.Nullable;

/**
 * One task: takes an input, returns an output or throws. The unit {@link InstrumentedTasks} times and counts.
 *
 * <pre>{@code
 * TaskHandler<String, Integer> wordCount = text -> text.split("\\s+").length;
 * TaskHandler<String, Integer> metered = InstrumentedTasks.builder("word_count").wrap(wordCount);
 * int words = metered.handle("to be or not to be");
 * }</pre>
 *
 * @param <I> the task's input (a message, a file, an id)
 * @param <O> the task's result ({@code Void} when there is none)
 */
@FunctionalInterface
public interface TaskHandler<I, O extends @Nullable Object> {

  /** Runs the task once for {@code input}. */
  O handle(I input) throws Exception;
}
