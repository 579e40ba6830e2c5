package io.pybase.sample.queue;

import io.pybase.sample.task.TaskMessage;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Named FIFO task queues between the API and the workers, with at-least-once delivery: a taken task stays reserved
 * for its consumer until acknowledged. A task is always in exactly one place: the queue or one consumer's
 * reservation; every move back to the queue (a retry, a recovered or released reservation) carries a higher attempt
 * number, which the task state store uses as a fencing token. Two implementations: {@link InMemoryTaskQueue} (one JVM) and
 * {@link RedisTaskQueue} (a reliable queue shared by processes, which returns the tasks of dead consumers).
 *
 * <pre>{@code
 * TaskQueue queue = new InMemoryTaskQueue();
 * queue.push(QueueNames.EXTRACTION, TaskMessage.create(TaskNames.EXTRACT_DOCUMENT, payload));
 * Delivery d = queue.take(QueueNames.EXTRACTION, "worker-1", Duration.ofSeconds(1));
 * queue.ack(d);
 * }</pre>
 */
public interface TaskQueue extends AutoCloseable {

  /** Appends {@code message} to {@code queue}. */
  void push(String queue, TaskMessage message);

  /**
   * Takes the oldest task of {@code queue} for {@code consumerId}, waiting up to {@code timeout}.
   *
   * @return the delivery, or {@code null} when the queue stayed empty
   */
  Delivery take(String queue, String consumerId, Duration timeout) throws InterruptedException;

  /**
   * The task of {@code delivery} is done: forget it. Idempotent: calling it again after a lost reply is harmless.
   *
   * @return whether this consumer still held it ({@code false}: it was handed to another consumer, and the caller
   *     must not treat the task as its own)
   */
  boolean ack(Delivery delivery);

  /**
   * The task of {@code delivery} is done for this attempt: queue {@code next} instead, then forget it, in one atomic
   * step that does nothing when the consumer no longer holds the task (so it is idempotent, and a consumer that lost
   * the task never queues a second copy).
   *
   * @return whether this consumer still held it
   */
  boolean retry(Delivery delivery, TaskMessage next);

  /** Tasks waiting in {@code queue} (taken ones not counted). */
  long length(String queue);

  /** Sends the answer of a request/response task to {@code replyTo}. */
  void reply(String replyTo, String body);

  /** Waits up to {@code timeout} for the answer sent to {@code replyTo}. */
  Optional<String> awaitReply(String replyTo, Duration timeout) throws InterruptedException;

  /** {@code consumerId} starts taking from {@code queue}: the queue now watches that it stays alive. */
  void consumerStarted(String queue, String consumerId);

  /** {@code consumerId} stopped cleanly: its reservations are returned to the queue, one attempt later. */
  void consumerStopped(String queue, String consumerId);

  /**
   * Returns to {@code queue} the tasks reserved by consumers that died, one attempt later, and tells
   * {@code onRequeued} each task and how long it had been held (nanoseconds, 0 when unknown).
   *
   * @return how many tasks were returned
   */
  int recoverAbandoned(String queue, BiConsumer<TaskMessage, Long> onRequeued);

  @Override
  void close();
}
