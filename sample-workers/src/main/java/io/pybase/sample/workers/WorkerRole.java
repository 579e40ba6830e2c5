package io.pybase.sample.workers;

import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.sample.task.QueueNames;

/**
 * The two sample workers. The name is the queue it consumes, its {@code worker_name} label and its
 * {@code WORKER_NAME}.
 *
 * <pre>{@code
 * WorkerRole role = WorkerRole.fromWorkerName(System.getenv("WORKER_NAME"));
 * }</pre>
 */
public enum WorkerRole {
  /** Extracts submitted documents ({@code extract_document}). */
  EXTRACTION,
  /** Indexes records and answers searches ({@code index_record}, {@code search_records}). */
  SEARCH;

  /** {@code extraction} or {@code search}. */
  public String workerName() {
    return this == EXTRACTION ? QueueNames.EXTRACTION : QueueNames.SEARCH;
  }

  /** Parses a {@code WORKER_NAME}. */
  public static WorkerRole fromWorkerName(String value) {
    for (WorkerRole r : values()) {
      if (r.workerName().equals(value)) {
        return r;
      }
    }
    throw new InvalidConfigurationException("WORKER_NAME", String.valueOf(value), "extraction or search");
  }
}
