package io.pybase.metrics.worker;

import static io.pybase.metrics.worker.ScrapedWorker.WORKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QueueLengthRegistrationTest {

  private static final String LENGTH = "celery_queue_length{worker_name=\"" + WORKER + "\"}";
  private static final String ERRORS = "celery_queue_length_read_errors_total{worker_name=\"" + WORKER + "\"}";

  @Test
  void readsTheQueueLengthAtScrapeTime() {
    AtomicLong queue = new AtomicLong(12);
    try (ScrapedWorker worker = ScrapedWorker.start(b -> b.queueLength(queue::get))) {
      assertThat(worker.value(LENGTH)).isEqualTo(12);
      queue.set(3);
      assertThat(worker.value(LENGTH)).isEqualTo(3);
      assertThat(worker.value(ERRORS)).isEqualTo(0);
    }
  }

  @Test
  void aHangingSupplierLeavesTheSeriesOutCountsAnErrorAndNeverStartsASecondRead() {
    CountDownLatch brokerBack = new CountDownLatch(1);
    AtomicInteger reads = new AtomicInteger();
    try (ScrapedWorker worker = ScrapedWorker.start(b -> b.queueLengthTimeout(Duration.ofMillis(200))
        .queueLength(() -> {
          reads.incrementAndGet();
          try {
            brokerBack.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return 42;
        }))) {

      long start = System.nanoTime();
      String first = worker.scrape();
      long firstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      String second = worker.scrape();

      assertThat(firstMillis).as("the scrape answered while the broker hangs for 60 s").isLessThan(10_000);
      assertThat(ScrapedWorker.find(first, LENGTH)).isEmpty();
      assertThat(ScrapedWorker.find(second, LENGTH)).isEmpty();
      assertThat(ScrapedWorker.find(second, ERRORS).orElse(0)).as("errors seen by the second scrape").isPositive();
      assertThat(reads).as("the second scrape waited on the read in flight").hasValue(1);
      assertThat(readerThreads()).isEqualTo(1);

      brokerBack.countDown();
      AtomicInteger failedScrapes = new AtomicInteger(2);
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        boolean present = ScrapedWorker.find(worker.scrape(), LENGTH).isPresent();
        if (!present) {
          failedScrapes.incrementAndGet();
        }
        return present;
      });
      assertThat(worker.value(LENGTH)).isEqualTo(42);
      assertThat(worker.value(ERRORS)).as("one error per scrape that had no value").isEqualTo(failedScrapes.get());
    } finally {
      brokerBack.countDown();
    }
  }

  @Test
  void aThrowingSupplierLeavesTheSeriesOutAndCountsAnError() {
    AtomicInteger reads = new AtomicInteger();
    try (ScrapedWorker worker = ScrapedWorker.start(b -> b.queueLength(() -> {
      if (reads.incrementAndGet() <= 2) {
        throw new IllegalStateException("redis down");
      }
      return 9;
    }))) {
      String first = worker.scrape();
      String second = worker.scrape();
      String third = worker.scrape();

      assertThat(ScrapedWorker.find(first, LENGTH)).isEmpty();
      assertThat(ScrapedWorker.find(second, LENGTH)).isEmpty();
      assertThat(ScrapedWorker.find(third, LENGTH)).hasValue(9);
      assertThat(ScrapedWorker.find(third, ERRORS)).hasValue(2);
    }
  }

  @Test
  void closeRemovesTheSeriesAndStopsTheReaderThread() {
    try (ScrapedWorker worker = ScrapedWorker.start()) {
      QueueLengthRegistration queue = QueueLengthRegistration.register(worker.metrics, "search", () -> 5);
      String series = "celery_queue_length{worker_name=\"search\"}";
      assertThat(worker.value(series)).isEqualTo(5);
      assertThat(readerThreads("search")).isEqualTo(1);

      queue.close();

      assertThat(ScrapedWorker.find(worker.scrape(), series)).isEmpty();
      await().atMost(Duration.ofSeconds(10)).until(() -> readerThreads("search") == 0);
    }
  }

  @Test
  void rejectsANonPositiveTimeout() {
    try (ScrapedWorker worker = ScrapedWorker.start()) {
      assertThatThrownBy(() -> QueueLengthRegistration.register(worker.metrics, "w", () -> 1, Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
    }
  }

  private static long readerThreads() {
    return readerThreads(WORKER);
  }

  private static long readerThreads(String worker) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("pybase-queue-length-" + worker) && t.isAlive())
        .count();
  }
}
