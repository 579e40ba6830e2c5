package io.pybase.metrics.worker;

/** The one check every builder applies to a worker name given in code. */
final class WorkerNames {

  private WorkerNames() {}

  /** {@code workerName}, or an {@link IllegalArgumentException} when it is null or blank. */
  static String require(String workerName) {
    if (workerName == null || workerName.isBlank()) {
      throw new IllegalArgumentException("workerName must not be null or blank");
    }
    return workerName;
  }
}
