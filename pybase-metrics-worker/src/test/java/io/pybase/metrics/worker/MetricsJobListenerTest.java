package io.pybase.metrics.worker;

import static io.pybase.metrics.worker.ScrapedWorker.active;
import static io.pybase.metrics.worker.ScrapedWorker.durationCount;
import static io.pybase.metrics.worker.ScrapedWorker.retries;
import static io.pybase.metrics.worker.ScrapedWorker.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pybase.metrics.worker.quartz.MetricsJobListener;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/** A real Quartz 2.5 scheduler (RAMJobStore, two threads) whose job executions are scraped from a worker server. */
class MetricsJobListenerTest {

  private static final AtomicInteger SCHEDULERS = new AtomicInteger();
  static final AtomicInteger REFIRE_ATTEMPTS = new AtomicInteger();
  static volatile CountDownLatch blockingJobStarted;
  static volatile CountDownLatch releaseBlockingJob;

  private ScrapedWorker worker;
  private Scheduler scheduler;

  @BeforeEach
  void start() throws SchedulerException {
    worker = ScrapedWorker.start();
    Properties quartz = new Properties();
    quartz.setProperty("org.quartz.scheduler.instanceName", "metrics-test-" + SCHEDULERS.incrementAndGet());
    quartz.setProperty("org.quartz.threadPool.threadCount", "2");
    quartz.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    scheduler = new StdSchedulerFactory(quartz).getScheduler();
    REFIRE_ATTEMPTS.set(0);
  }

  @AfterEach
  void stop() throws SchedulerException {
    if (releaseBlockingJob != null) {
      releaseBlockingJob.countDown();
    }
    scheduler.shutdown(true);
    worker.close();
  }

  private void runNow(Class<? extends Job> job, String name, String group) throws SchedulerException {
    scheduler.scheduleJob(JobBuilder.newJob(job).withIdentity(name, group).build(),
        TriggerBuilder.newTrigger().startNow().build());
  }

  private void awaitSeries(String series, double value) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(ScrapedWorker.find(worker.scrape(), series)).as(series).hasValue(value));
  }

  @Test
  void countsEachJobExecutionUnderItsKeyWithItsOutcome() throws Exception {
    MetricsJobListener.register(scheduler, worker.metrics);
    scheduler.start();

    runNow(SucceedingJob.class, "nightlyReport", "reports");
    runNow(FailingJob.class, "syncInvoices", "billing");

    awaitSeries(task("reports.nightlyReport", "success"), 1);
    awaitSeries(task("billing.syncInvoices", "failure"), 1);
    String scrape = worker.scrape();
    assertThat(ScrapedWorker.find(scrape, task("reports.nightlyReport", "failure"))).hasValue(0);
    assertThat(ScrapedWorker.find(scrape, durationCount("reports.nightlyReport"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, durationCount("billing.syncInvoices"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, active(ScrapedWorker.WORKER))).hasValue(0);
  }

  @Test
  void countsARefireRequestedByTheJobAsARetryThenItsFinalOutcome() throws Exception {
    MetricsJobListener.register(scheduler, worker.metrics);
    scheduler.start();

    runNow(RefireOnceJob.class, "importFeed", "DEFAULT");

    awaitSeries(task("DEFAULT.importFeed", "success"), 1);
    String scrape = worker.scrape();
    assertThat(ScrapedWorker.find(scrape, task("DEFAULT.importFeed", "retry"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, retries("DEFAULT.importFeed"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, durationCount("DEFAULT.importFeed"))).hasValue(2);
  }

  @Test
  void holdsTheActiveGaugeUpWhileAJobRuns() throws Exception {
    blockingJobStarted = new CountDownLatch(1);
    releaseBlockingJob = new CountDownLatch(1);
    MetricsJobListener.builder().metrics(worker.metrics).workerName("reports").register(scheduler);
    scheduler.start();

    runNow(BlockingJob.class, "longExport", "reports");
    assertThat(blockingJobStarted.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(worker.value(active("reports"))).isEqualTo(1);

    releaseBlockingJob.countDown();
    awaitSeries(task("reports.longExport", "success"), 1);
    assertThat(worker.value(active("reports"))).isEqualTo(0);
  }

  @Test
  void namesJobsByTheGivenFunctionAndCountsAFailingNamingUnderUnknown() throws Exception {
    MetricsJobListener.builder().metrics(worker.metrics)
        .taskNames(job -> {
          if (job.getKey().getName().startsWith("bad")) {
            throw new IllegalStateException("naming fault");
          }
          return job.getJobClass().getSimpleName();
        })
        .register(scheduler);
    scheduler.start();

    runNow(SucceedingJob.class, "report-1001", "reports");
    runNow(SucceedingJob.class, "report-1002", "reports");
    runNow(SucceedingJob.class, "bad-name", "reports");

    awaitSeries(task("SucceedingJob", "success"), 2);
    awaitSeries(task("unknown", "success"), 1);
    assertThat(worker.scrape()).doesNotContain("report-1001");
  }

  @Test
  void registeringTwiceKeepsOneListenerAndCountsEachExecutionOnce() throws Exception {
    MetricsJobListener first = MetricsJobListener.register(scheduler, worker.metrics);
    MetricsJobListener second = MetricsJobListener.register(scheduler, worker.metrics);
    scheduler.start();

    runNow(SucceedingJob.class, "once", "DEFAULT");

    assertThat(second).isSameAs(first);
    awaitSeries(task("DEFAULT.once", "success"), 1);
    assertThat(scheduler.getListenerManager().getJobListeners()).hasSize(1);
  }

  public static final class SucceedingJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {
      // done
    }
  }

  public static final class FailingJob implements Job {
    @Override
    public void execute(JobExecutionContext context) {
      throw new IllegalStateException("invoice service down");
    }
  }

  public static final class RefireOnceJob implements Job {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
      if (REFIRE_ATTEMPTS.incrementAndGet() == 1) {
        throw new JobExecutionException("feed not ready", true);
      }
    }
  }

  public static final class BlockingJob implements Job {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
      blockingJobStarted.countDown();
      try {
        releaseBlockingJob.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JobExecutionException(e);
      }
    }
  }
}
