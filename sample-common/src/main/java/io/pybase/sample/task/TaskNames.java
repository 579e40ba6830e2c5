package io.pybase.sample.task;

/**
 * The task names the sample API queues and the sample workers run: the {@code name} of a {@link TaskMessage} and
 * the {@code task_name} label of {@code celery_task_total}.
 *
 * <pre>{@code
 * queue.push(QueueNames.EXTRACTION, TaskMessage.create(TaskNames.EXTRACT_DOCUMENT, payload));
 * }</pre>
 */
public final class TaskNames {

  /** Extracts one uploaded document (queue {@link QueueNames#EXTRACTION}); payload: {@link ExtractionPayload}. */
  public static final String EXTRACT_DOCUMENT = "extract_document";
  /** Adds, replaces or removes one record in the search index (queue {@link QueueNames#SEARCH}). */
  public static final String INDEX_RECORD = "index_record";
  /** Answers a search, request/response (queue {@link QueueNames#SEARCH}); payload: {@link SearchPayload}. */
  public static final String SEARCH_RECORDS = "search_records";

  private TaskNames() {}
}
