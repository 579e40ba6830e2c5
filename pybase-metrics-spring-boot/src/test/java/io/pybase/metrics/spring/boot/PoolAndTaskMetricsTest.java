package io.pybase.metrics.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pybase.metrics.test.Exposition;
import io.pybase.metrics.worker.NamedTask;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskDecorator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** HikariCP pool gauges, {@code @Async} methods, Boot's task executor and Quartz jobs of real applications. */
class PoolAndTaskMetricsTest {

  /** Services whose {@code @Async} methods succeed, throw, or return a failed future. */
  static class ReportService {
    static final AtomicInteger DECORATED_BY_APPLICATION = new AtomicInteger();

    @Async
    public void generate(String id) {
      if (id.equals("bad")) {
        throw new IllegalStateException("cannot generate " + id);
      }
    }

    @Async
    public CompletableFuture<String> render(String id) {
      if (id.equals("bad")) {
        return CompletableFuture.failedFuture(new IllegalStateException("cannot render " + id));
      }
      return CompletableFuture.completedFuture("rendered " + id);
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableAsync
  @Import({TestApps.Security.class, TestApps.OwnRegistry.class})
  static class AsyncApp {
    @Bean
    ReportService reportService() {
      return new ReportService();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @EnableAsync
  @Import({TestApps.Security.class, TestApps.OwnRegistry.class})
  static class AsyncAppWithItsOwnTaskDecorator {
    @Bean
    ReportService reportService() {
      return new ReportService();
    }

    @Bean
    TaskDecorator mdcLikeDecorator() {
      return task -> () -> {
        ReportService.DECORATED_BY_APPLICATION.incrementAndGet();
        task.run();
      };
    }
  }

  public static class NightlyCleanup implements Job {
    static final AtomicInteger RUNS = new AtomicInteger();

    @Override
    public void execute(JobExecutionContext context) {
      RUNS.incrementAndGet();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({TestApps.Security.class, TestApps.OwnRegistry.class})
  static class QuartzApp {
    @Bean
    JobDetail nightlyCleanup() {
      return JobBuilder.newJob(NightlyCleanup.class).withIdentity("nightlyCleanup", "maintenance").storeDurably()
          .build();
    }

    @Bean
    Trigger nightlyCleanupNow(JobDetail nightlyCleanup) {
      return TriggerBuilder.newTrigger().forJob(nightlyCleanup).startNow().build();
    }
  }

  private static void awaitScrape(RunningApp app, java.util.function.Consumer<Exposition> assertion) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertion.accept(app.scrape()));
  }

  @Test
  void exposesTheHikariPoolOfTheApplicationsDataSourceBeforeAndAfterItStarts() {
    try (RunningApp app = RunningApp.start(TestApps.RoutesApp.class)) {
      Exposition idle = app.scrape();
      assertThat(idle.value("db_pool_connections_max", "pool", "dataSource")).isEqualTo(10);
      assertThat(idle.value("db_pool_connections", "pool", "dataSource", "state", "active")).isEqualTo(0);

      app.context.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class);

      Exposition used = app.scrape();
      assertThat(used.value("db_pool_connections", "pool", "dataSource", "state", "idle")).isGreaterThan(0);
      assertThat(used.hasSample("db_pool_connections", "pool", "dataSource", "state", "pending")).isTrue();
    }
  }

  @Test
  void recordsAsyncMethodsUnderClassAndMethodWithTheirOutcomesOnce() throws Exception {
    try (RunningApp app = RunningApp.start(AsyncApp.class, "pybase.metrics.worker-name=reports")) {
      ReportService reports = app.context.getBean(ReportService.class);
      reports.generate("r1");
      reports.generate("bad");
      assertThat(reports.render("r2").get()).isEqualTo("rendered r2");
      Future<String> failed = reports.render("bad");
      try {
        failed.get();
      } catch (ExecutionException expected) {
        // the caller still gets the failure
      }

      awaitScrape(app, scrape -> {
        assertThat(scrape.tasks("ReportService.generate", "success")).isEqualTo(1);
        assertThat(scrape.tasks("ReportService.generate", "failure")).isEqualTo(1);
        assertThat(scrape.tasks("ReportService.render", "success")).isEqualTo(1);
        assertThat(scrape.tasks("ReportService.render", "failure")).isEqualTo(1);
      });
      Exposition scrape = app.scrape();
      assertThat(scrape.labelValues("celery_task_total", "task_name"))
          .containsExactlyInAnyOrder("ReportService.generate", "ReportService.render", "reports");
      assertThat(scrape.sum("celery_task_total")).isEqualTo(4);
      assertThat(scrape.value("celery_task_duration_seconds_count", "task_name", "ReportService.render"))
          .isEqualTo(2);
      assertThat(scrape.value("celery_active_workers", "worker_name", "reports")).isEqualTo(0);
      assertThat(scrape.labelValues("celery_active_workers", "worker_name"))
          .as("pybase.metrics.worker-name names the active gauge of @Async methods and of Boot's executor")
          .containsExactly("reports");
      assertThat(app.context.getBean(InstallationReport.class).line())
          .contains("@Async task metrics; task decorator for Boot's task executor");
    }
  }

  @Test
  void aBadWorkerNameStopsStartUpNamingTheKeyThatHeldIt() {
    assertThatThrownBy(() -> RunningApp.start(AsyncApp.class, "pybase.metrics.worker-name=report export"))
        .rootCause()
        .hasMessage("Invalid WORKER_NAME='report export': expected 1 to 64 letters, digits, '_', '.' or '-' "
            + "(from pybase.metrics.worker-name)");
  }

  @Test
  void decoratesBootsTaskExecutorSoDirectlySubmittedTasksAreCounted() throws Exception {
    try (RunningApp app = RunningApp.start(AsyncApp.class, "pybase.metrics.worker-name=reports")) {
      ThreadPoolTaskExecutor executor = app.context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
      executor.submit(() -> { }).get();
      executor.execute(new SendEmail());   // a NamedTask keeps its name when given to execute()
      Future<?> failing = executor.submit(() -> {
        throw new IllegalStateException("smtp down");
      });
      try {
        failing.get();
      } catch (ExecutionException expected) {
        // reaches the caller unchanged
      }

      awaitScrape(app, scrape -> {
        assertThat(scrape.tasks("reports", "success")).isEqualTo(1);
        assertThat(scrape.tasks("reports", "failure")).isEqualTo(1);
        assertThat(scrape.tasks("send_email", "success")).isEqualTo(1);
      });
    }
  }

  @Test
  void keepsTheApplicationsOwnTaskDecoratorAndStillCountsAsyncMethods() {
    ReportService.DECORATED_BY_APPLICATION.set(0);
    try (RunningApp app = RunningApp.start(AsyncAppWithItsOwnTaskDecorator.class)) {
      app.context.getBean(ReportService.class).generate("r1");

      awaitScrape(app, scrape -> assertThat(scrape.tasks("ReportService.generate", "success")).isEqualTo(1));
      assertThat(ReportService.DECORATED_BY_APPLICATION).hasValue(1);
      assertThat(app.context.getBean(InstallationReport.class).line()).doesNotContain("task decorator");
    }
  }

  @Test
  void recordsQuartzJobsOfTheApplicationsScheduler() {
    try (RunningApp app = RunningApp.start(QuartzApp.class, "spring.quartz.auto-startup=true")) {
      assertThat(app.context.getBean(InstallationReport.class).line()).contains("Quartz job metrics: quartzScheduler");
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(NightlyCleanup.RUNS).hasValue(1));
      awaitScrape(app, scrape ->
          assertThat(scrape.tasks("maintenance.nightlyCleanup", "success")).isEqualTo(1));
    }
  }

  @Test
  void quartzJobsAreCountedUnderTheConfiguredWorkerName() {
    try (RunningApp app = RunningApp.start(QuartzApp.class, "pybase.metrics.worker-name=nightly")) {
      assertThat(app.scrape().labelValues("celery_active_workers", "worker_name"))
          .as("pybase.metrics.worker-name names the Quartz listener's active gauge").containsExactly("nightly");
    }
  }

  static final class SendEmail implements Runnable, NamedTask {
    @Override
    public void run() {
      // sent
    }

    @Override
    public String taskName() {
      return "send_email";
    }
  }
}
