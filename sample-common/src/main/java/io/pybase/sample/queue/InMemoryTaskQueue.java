package io.pybase.sample.queue;

import io.pybase.sample.task.TaskMessage;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Task queues inside one JVM (the embedded default): the API and both workers share one instance. Consumers live
 * and die with the JVM, so there is nothing to recover.
 *
 * <pre>{@code
 * TaskQueue queue = new InMemoryTaskQueue();
 * }</pre>
 */
public final class InMemoryTaskQueue implements TaskQueue {

  private static final long REPLY_TTL_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final Map<String, LinkedBlockingDeque<TaskMessage>> queues = new ConcurrentHashMap<>();
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();

  @Override
  public void push(String queue, TaskMessage message) {
    queueOf(queue).addLast(message);
  }

  @Override
  public Delivery take(String queue, String consumerId, Duration timeout) throws InterruptedException {
    TaskMessage m = queueOf(queue).pollFirst(timeout.toNanos(), TimeUnit.NANOSECONDS);
    return m == null ? null : new Delivery(queue, consumerId, m, null);
  }

  @Override
  public boolean ack(Delivery delivery) {
    return true;   // nothing is held: the message left the deque when it was taken, and only this consumer has it
  }

  @Override
  public boolean retry(Delivery delivery, TaskMessage next) {
    push(delivery.queue(), next);
    return true;
  }

  @Override
  public long length(String queue) {
    return queueOf(queue).size();
  }

  @Override
  public void reply(String replyTo, String body) {
    long now = System.nanoTime();
    replies.values().removeIf(r -> now - r.created > REPLY_TTL_NANOS);
    replies.computeIfAbsent(replyTo, k -> new Reply(now)).answers.offer(body);
  }

  @Override
  public Optional<String> awaitReply(String replyTo, Duration timeout) throws InterruptedException {
    Reply r = replies.computeIfAbsent(replyTo, k -> new Reply(System.nanoTime()));
    try {
      return Optional.ofNullable(r.answers.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } finally {
      replies.remove(replyTo);
    }
  }

  @Override
  public void consumerStarted(String queue, String consumerId) {
    queueOf(queue);
  }

  @Override
  public void consumerStopped(String queue, String consumerId) {
    // in-flight tasks belong to the stopping worker thread, which finishes or re-queues them itself
  }

  @Override
  public int recoverAbandoned(String queue, BiConsumer<TaskMessage, Long> onRequeued) {
    return 0;
  }

  @Override
  public void close() {
    queues.clear();
  }

  private LinkedBlockingDeque<TaskMessage> queueOf(String queue) {
    return queues.computeIfAbsent(queue, q -> new LinkedBlockingDeque<>());
  }

  private static final class Reply {
    final long created;
    final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    Reply(long created) {
      this.created = created;
    }
  }
}
