package io.pybase.metrics.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The default {@link TaskFailureListener} ({@link TaskFailureListener#LOG}): a wrapped {@link Runnable} that throws
 * leaves one WARNING, with the exception, on the {@code io.pybase.metrics.worker} logger (java.util.logging here, the
 * JDK's {@link System.Logger} backend when nothing else is installed).
 */
class TaskFailureListenerTest {

  /** Held here: java.util.logging keeps loggers only weakly. */
  private final Logger logger = Logger.getLogger("io.pybase.metrics.worker");
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord logRecord) {
      records.add(logRecord);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private final PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(),
      PyBaseMetricsConfig.builder().jvmMetrics(false).build());

  @BeforeEach
  void captureTheWorkerLog() {
    logger.addHandler(capture);
  }

  @AfterEach
  void releaseTheWorkerLog() {
    logger.removeHandler(capture);
  }

  @Test
  void logsAFailedRunnableAtWarningWithItsException() {
    IllegalStateException diskFull = new IllegalStateException("disk full");
    Runnable job = InstrumentedTasks.builder("nightly_report").metrics(metrics).workerName("test-worker")
        .runnable(() -> {
          throw diskFull;
        });

    job.run();

    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.getLevel()).isEqualTo(Level.WARNING);
      assertThat(r.getMessage()).isEqualTo("Task 'nightly_report' failed");
      assertThat(r.getThrown()).isSameAs(diskFull);
    });
  }

  @Test
  void saysARunnableThatAskedForARetryWillBeRetried() {
    TaskRetryException again = new TaskRetryException("mailbox busy", null);
    Runnable job = InstrumentedTasks.builder("sync_mailbox").metrics(metrics).workerName("test-worker")
        .runnable(() -> {
          throw again;
        });

    job.run();

    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.getLevel()).isEqualTo(Level.WARNING);
      assertThat(r.getMessage()).isEqualTo("Task 'sync_mailbox' will be retried");
      assertThat(r.getThrown()).isSameAs(again);
    });
  }
}
