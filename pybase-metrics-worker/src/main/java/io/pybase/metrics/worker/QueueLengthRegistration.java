package io.pybase.metrics.worker;

import io.pybase.metrics.PyBaseMetrics;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Exposes {@code celery_queue_length{worker_name}}, read from the worker's broker at scrape time, with a time
 * bound so a slow or hung broker cannot stall a scrape.
 *
 * <pre>{@code
 * QueueLengthRegistration queue = QueueLengthRegistration.register(metrics, "extraction", () -> jedis.llen("extraction"),
 *     Duration.ofMillis(500));
 * // ... when the worker stops:
 * queue.close();
 * }</pre>
 *
 * <p>Each scrape asks the supplier on a dedicated daemon thread and waits at most the timeout (default
 * {@link #DEFAULT_TIMEOUT}). On timeout, or when the supplier throws, the series is left out of that scrape (no
 * stale value is served: an absent series is the honest signal) and
 * {@code celery_queue_length_read_errors_total{worker_name}} is incremented. At most one read is in flight per
 * registration: while a read hangs, later scrapes wait (up to the timeout) on that same read instead of starting
 * another, so a hung broker never piles up threads. Registering a worker name again replaces its supplier; with
 * {@code PROMETHEUS_ENABLED=false} nothing is registered and no thread is started.
 */
public final class QueueLengthRegistration implements AutoCloseable {

  /** The default bound of one read: 1 second, well under Prometheus's default 10 s scrape timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  private final PyBaseMetrics metrics;
  private final String workerName;
  private final LongSupplier supplier;
  private final long timeoutNanos;
  private final @Nullable ExecutorService reader;
  private @Nullable Future<Long> inFlight;
  private volatile boolean closed;

  private QueueLengthRegistration(PyBaseMetrics metrics, String workerName, LongSupplier supplier, Duration timeout) {
    this.metrics = metrics;
    this.workerName = workerName;
    this.supplier = supplier;
    this.timeoutNanos = timeout.toNanos();
    if (metrics.config().enabled()) {
      ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
          r -> {
            Thread t = new Thread(r, "pybase-queue-length-" + workerName);
            t.setDaemon(true);
            return t;
          });
      executor.allowCoreThreadTimeOut(true);
      this.reader = executor;
      DoubleSupplier bounded = this::read;
      metrics.workers().queueLength(workerName, bounded);
    } else {
      this.reader = null;
    }
  }

  /** Registers {@code supplier} as {@code workerName}'s queue length with the {@link #DEFAULT_TIMEOUT}. */
  public static QueueLengthRegistration register(PyBaseMetrics metrics, String workerName, LongSupplier supplier) {
    return register(metrics, workerName, supplier, DEFAULT_TIMEOUT);
  }

  /**
   * Registers {@code supplier} as {@code workerName}'s queue length, each read bounded by {@code timeout}.
   *
   * @throws IllegalArgumentException if the timeout is not positive or the worker name is blank
   */
  public static QueueLengthRegistration register(PyBaseMetrics metrics, String workerName, LongSupplier supplier,
      Duration timeout) {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(supplier, "supplier");
    Objects.requireNonNull(timeout, "timeout");
    WorkerNames.require(workerName);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    return new QueueLengthRegistration(metrics, workerName, supplier, timeout);
  }

  /** The worker name of the series. */
  public String workerName() {
    return workerName;
  }

  /** Removes the series and stops the reader thread (interrupting a hung read). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (reader != null) {
      metrics.workers().removeQueueLength(workerName);
      reader.shutdownNow();
    }
  }

  /** One bounded read: the length, or {@code NaN} (series left out) after counting the error. */
  private double read() {
    if (closed) {
      return Double.NaN;
    }
    try {
      return readOrStart().get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException | RejectedExecutionException e) {
      return readFailed();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return readFailed();
    }
  }

  /** The read in flight, or a new one when none is. */
  private synchronized Future<Long> readOrStart() {
    Future<Long> current = inFlight;
    if (current == null || current.isDone()) {
      ExecutorService r = reader;
      if (r == null) { // not reached: the reader exists whenever the gauge that calls read() is registered
        throw new RejectedExecutionException("recording is off");
      }
      current = r.submit(supplier::getAsLong);
      inFlight = current;
    }
    return current;
  }

  private double readFailed() {
    metrics.workers().queueReadFailed(workerName);   // never throws: it contains its own faults
    return Double.NaN;
  }
}
