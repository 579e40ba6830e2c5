package io.pybase.sample.search;

import io.pybase.metrics.worker.Task;
import io.pybase.metrics.worker.TaskHandler;
import io.pybase.sample.task.TaskMessage;
import io.pybase.sample.task.TaskNames;

/**
 * The search worker's task {@code index_record}: adds, replaces or removes one record in the index. The API queues
 * one for every record write.
 *
 * <pre>{@code
 * queue.push("search", TaskMessage.create(IndexRecordTask.NAME,
 *     Map.of("op", "put", "table_id", "projects", "record_id", "42", "text", json)));
 * }</pre>
 */
@Task(name = IndexRecordTask.NAME)
public final class IndexRecordTask implements TaskHandler<TaskMessage, Integer> {

  /** {@link TaskNames#INDEX_RECORD}. */
  public static final String NAME = TaskNames.INDEX_RECORD;

  private final InvertedIndex index;

  public IndexRecordTask(InvertedIndex index) {
    this.index = index;
  }

  /** Applies the change; returns the records now indexed. */
  @Override
  public Integer handle(TaskMessage m) {
    String table = require(m, "table_id");
    String record = require(m, "record_id");
    if ("delete".equals(m.get("op", "put"))) {
      index.remove(table, record);
    } else {
      index.put(table, record, m.get("text", ""));
    }
    return index.size();
  }

  private static String require(TaskMessage m, String key) {
    String v = m.get(key, null);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("index_record without " + key);
    }
    return v;
  }
}
