package io.pybase.sample.task;

import io.pybase.metrics.worker.QueuedMessage;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One task on a queue: what to run ({@link #name()}), on what ({@link #payload()}), which attempt this is, and
 * where to send the answer of a request/response task. Immutable; travels as JSON.
 *
 * <pre>{@code
 * TaskMessage m = TaskMessage.create("extract_document", Map.of("file_type", "ifc", "content", text));
 * queue.push("extraction", m);
 * }</pre>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class TaskMessage implements QueuedMessage {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String id;
  private final String name;
  private final int attempt;
  private final Map<String, String> payload;
  private final String replyTo;
  private final long enqueuedAtMillis;

  @JsonCreator
  public TaskMessage(@JsonProperty("id") String id, @JsonProperty("name") String name,
      @JsonProperty("attempt") int attempt, @JsonProperty("payload") Map<String, String> payload,
      @JsonProperty("reply_to") String replyTo, @JsonProperty("enqueued_at") long enqueuedAtMillis) {
    this.id = Objects.requireNonNull(id, "id");
    this.name = Objects.requireNonNull(name, "name");
    this.attempt = Math.max(1, attempt);
    this.payload = payload == null ? Map.of() : Map.copyOf(payload);
    this.replyTo = replyTo;
    this.enqueuedAtMillis = enqueuedAtMillis;
  }

  /** A first attempt of task {@code name} with a new random id, enqueued now. */
  public static TaskMessage create(String name, Map<String, String> payload) {
    return new TaskMessage(UUID.randomUUID().toString(), name, 1, payload, null, System.currentTimeMillis());
  }

  /** Parses the JSON form written by {@link #toJson()}. */
  public static TaskMessage fromJson(String json) {
    try {
      return JSON.readValue(json, TaskMessage.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a task message: " + e.getOriginalMessage(), e);
    }
  }

  /** The JSON form. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same task, one attempt later, enqueued again now. */
  public TaskMessage nextAttempt() {
    return new TaskMessage(id, name, attempt + 1, payload, replyTo, System.currentTimeMillis());
  }

  /** The same task, answering to {@code replyTo}. */
  public TaskMessage withReplyTo(String replyTo) {
    return new TaskMessage(id, name, attempt, payload, replyTo, enqueuedAtMillis);
  }

  /**
   * When this attempt was put on the queue (epoch milliseconds), for {@code celery_task_queue_wait_seconds}; 0 for a
   * message written before the field existed (no wait recorded).
   */
  @Override
  @JsonProperty("enqueued_at")
  public long enqueuedAtMillis() {
    return enqueuedAtMillis;
  }

  @JsonProperty("id")
  public String id() {
    return id;
  }

  @JsonProperty("name")
  public String name() {
    return name;
  }

  /** 1 for the first execution, 2 for the first retry or redelivery, ... */
  @JsonProperty("attempt")
  public int attempt() {
    return attempt;
  }

  @JsonProperty("payload")
  public Map<String, String> payload() {
    return payload;
  }

  /** A payload value, or {@code defaultValue}. */
  public String get(String key, String defaultValue) {
    return payload.getOrDefault(key, defaultValue);
  }

  /** Where a request/response task sends its answer, or {@code null}. */
  @JsonProperty("reply_to")
  public String replyTo() {
    return replyTo;
  }

  @Override
  public String toString() {
    return "TaskMessage{" + name + " " + id + " attempt " + attempt + "}";
  }
}
