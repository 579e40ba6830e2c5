package io.pybase.sample.queue;

import io.pybase.sample.task.TaskMessage;

/**
 * A task taken from a queue by one consumer: it stays reserved for that consumer until
 * {@link TaskQueue#ack(Delivery)} or {@link TaskQueue#retry(Delivery, TaskMessage)}.
 *
 * <pre>{@code
 * Delivery d = queue.take("extraction", consumerId, Duration.ofSeconds(1));
 * if (d != null) { run(d.message()); queue.ack(d); }
 * }</pre>
 *
 * @param queue the queue it came from
 * @param consumerId the consumer holding it
 * @param message the task
 * @param raw the exact form stored in the queue (the Redis queue removes it from the processing list by value)
 */
public record Delivery(String queue, String consumerId, TaskMessage message, String raw) {}
