package io.pybase.metrics.worker;

/**
 * A task input taken from a queue that knows when it was put there, so the wrapper records
 * {@code celery_task_queue_wait_seconds{task_name}}: the time from enqueueing to the start of the attempt. A message
 * put back on the queue for a retry carries the time of that re-enqueueing.
 *
 * <pre>{@code
 * record ExtractionMessage(String taskId, Path file, long enqueuedAtMillis) implements QueuedMessage {}
 *
 * TaskHandler<ExtractionMessage, Result> extract = InstrumentedTasks.builder("extract_document").wrap(extractor);
 * extract.handle(queue.take());    // observes now - enqueuedAtMillis() before running the task
 * }</pre>
 *
 * <p>The time is wall-clock ({@link System#currentTimeMillis()}) because producer and worker are usually different
 * processes; a negative wait from clocks that disagree counts as zero. Tasks run through
 * {@link InstrumentedExecutorService} need nothing: their wait is measured from submission.
 */
public interface QueuedMessage {

  /**
   * When the message was enqueued, in milliseconds since the epoch ({@link System#currentTimeMillis()}); 0 or less
   * when unknown (no wait is recorded).
   */
  long enqueuedAtMillis();
}
