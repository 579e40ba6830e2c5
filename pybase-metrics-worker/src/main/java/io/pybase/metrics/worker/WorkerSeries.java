package io.pybase.metrics.worker;

/** Makes a worker's {@code celery_active_workers} series exist at 0 before its first task, so dashboards show 0. */
final class WorkerSeries {

  private WorkerSeries() {}

  static void init(WorkerMetrics workers, String workerName) {
    try {
      workers.taskStarted(workerName);
      workers.taskEnded(workerName);
    } catch (RuntimeException e) {
      // a metrics fault never stops a worker
    }
  }
}
