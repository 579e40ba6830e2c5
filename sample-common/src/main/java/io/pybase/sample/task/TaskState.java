package io.pybase.sample.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;

/**
 * What is known of one extraction task: its status, attempts, and its result or error. Immutable; stored by a
 * {@code TaskStateStore} and pushed to WebSocket clients on every change.
 *
 * <pre>{@code
 * TaskState s = TaskState.queued(taskId, "pdf", "report.pdf");
 * store.save(s.next(TaskStatus.RUNNING, 1));
 * }</pre>
 *
 * @param taskId the task id
 * @param fileType the submitted file type ({@code pdf}, {@code ifc}, ...)
 * @param filename the submitted file name
 * @param status where the task is
 * @param attempts executions started so far
 * @param result the extraction result as JSON text, once succeeded
 * @param error why the last attempt failed, or {@code null}
 * @param updatedAt when this state was reached
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskState(
    @JsonProperty("task_id") String taskId,
    @JsonProperty("file_type") String fileType,
    @JsonProperty("filename") String filename,
    @JsonProperty("status") String status,
    @JsonProperty("attempts") int attempts,
    @JsonProperty("result") String result,
    @JsonProperty("error") String error,
    @JsonProperty("updated_at") String updatedAt) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The state of a task just submitted. */
  public static TaskState queued(String taskId, String fileType, String filename) {
    return new TaskState(taskId, fileType, filename, TaskStatus.QUEUED.wireName(), 0, null, null, now());
  }

  /** This task in {@code status} after {@code attempts} attempts, with no result or error. */
  public TaskState next(TaskStatus status, int attempts) {
    return new TaskState(taskId, fileType, filename, status.wireName(), attempts, null, null, now());
  }

  /** This task succeeded with {@code resultJson}. */
  public TaskState succeeded(int attempts, String resultJson) {
    return new TaskState(taskId, fileType, filename, TaskStatus.SUCCEEDED.wireName(), attempts, resultJson, null,
        now());
  }

  /** This task's attempt failed; {@code status} is RETRYING or FAILED. */
  public TaskState failed(TaskStatus status, int attempts, String error) {
    return new TaskState(taskId, fileType, filename, status.wireName(), attempts, null, error, now());
  }

  /** The JSON form. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses {@link #toJson()}. */
  public static TaskState fromJson(String json) {
    try {
      return JSON.readValue(json, TaskState.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a task state: " + e.getOriginalMessage(), e);
    }
  }

  private static String now() {
    return Instant.now().toString();
  }
}
