package io.pybase.examples.worker;

import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.metrics.httpserver.MetricsServerStartException;
import io.pybase.metrics.worker.InstrumentedExecutorService;
import io.pybase.metrics.worker.InstrumentedTasks;
import io.pybase.metrics.worker.QueuedMessage;
import io.pybase.metrics.worker.Task;
import io.pybase.metrics.worker.TaskHandler;
import io.pybase.metrics.worker.WorkerMetricsServer;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A task worker: thumbnails of the images that queue messages name, two at a time, with the worker's metrics on a port
 * of their own ({@code /metrics}, {@code /health}): {@code PROMETHEUS_METRICS_PORT}, default here 9091.
 */
public final class WorkerExample implements AutoCloseable {

  /** A queue message: the image, and when the producer enqueued it (for the queue-wait histogram). */
  public record Thumbnail(String image, long enqueuedAtMillis) implements QueuedMessage {}

  @Task(name = "make_thumbnail", maxRetries = 2, retryOn = IOException.class, backoffMillis = 100)
  static final class ThumbnailMaker implements TaskHandler<Thumbnail, String> {
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    @Override
    public String handle(Thumbnail message) throws IOException {
      if (message.image().startsWith("corrupt")) {
        throw new IllegalArgumentException("not an image: " + message.image());   // not retried: a failure
      }
      if (message.image().startsWith("flaky") && failedOnce.add(message.image())) {
        throw new IOException("storage timed out");                              // retried, then a success
      }
      return message.image() + ".thumb.png";
    }
  }

  private final WorkerMetricsServer server;
  private final ExecutorService pool;
  private final TaskHandler<Thumbnail, String> makeThumbnail;

  private WorkerExample(WorkerMetricsServer server, ExecutorService pool, TaskHandler<Thumbnail, String> handler) {
    this.server = server;
    this.pool = pool;
    this.makeThumbnail = handler;
  }

  /** Starts the worker and its metrics server; {@code metricsPort} says where (host, port). */
  public static WorkerExample start(WorkerMetricsServer.Builder metricsPort) {
    ThreadPoolExecutor threads = (ThreadPoolExecutor) Executors.newFixedThreadPool(2);
    WorkerMetricsServer server = metricsPort.workerName("thumbnails")
        .queueLength(() -> threads.getQueue().size())   // celery_queue_length: messages waiting for a thread
        .start();                                       // /metrics and /health on a port of their own
    PyBaseMetrics metrics = server.metrics();
    ExecutorService pool = InstrumentedExecutorService.monitor(threads, metrics, "thumbnails");   // pool size 2
    TaskHandler<Thumbnail, String> makeThumbnail = InstrumentedTasks.wrap(new ThumbnailMaker(), metrics, "thumbnails");
    return new WorkerExample(server, pool, makeThumbnail);
  }

  /** Hands a message to a free thread; the future holds the thumbnail or the task's final exception. */
  public Future<String> receive(Thumbnail message) {
    return pool.submit(InstrumentedTasks.callable(makeThumbnail, message));   // counted once, by the handler
  }

  /** The metrics server's port. */
  public int metricsPort() {
    return server.port();
  }

  /** Lets queued tasks finish (10 s at most), then stops the metrics server. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      server.close();
    }
  }

  public static void main(String[] args) throws InterruptedException {
    WorkerMetricsServer.Builder metricsPort = WorkerMetricsServer.builder();   // PROMETHEUS_METRICS_PORT, _HOST...
    if (ConfigSource.system().string("PROMETHEUS_METRICS_PORT") == null) {
      metricsPort.port(9091);   // the library's default, 9090, is the port of a Prometheus on this machine
    }
    WorkerExample worker;
    try {
      worker = start(metricsPort);
    } catch (InvalidConfigurationException | MetricsServerStartException e) {
      System.err.println(e.getMessage());   // one line: Invalid PROMETHEUS_METRICS_PORT='abc': expected ...
      System.exit(2);
      return;
    }
    try (worker) {
      for (int i = 1; ; i++) {                                                 // demo traffic: a message a second
        String image = (i % 7 == 0 ? "corrupt-" : i % 5 == 0 ? "flaky-" : "photo-") + i + ".png";
        Future<String> unused = worker.receive(new Thumbnail(image, System.currentTimeMillis()));   // metrics count it
        TimeUnit.SECONDS.sleep(1);
      }
    }
  }
}
