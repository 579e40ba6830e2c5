package io.pybase.metrics.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.spring.task.MetricsTaskDecorator;
import io.pybase.metrics.test.Exposition;
import io.pybase.metrics.worker.quartz.MetricsJobListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import io.pybase.metrics.spring.task.AsyncTaskMetricsPostProcessor;
import io.pybase.metrics.spring.websocket.TrackingWebSocketHandler;
import java.util.concurrent.CompletableFuture;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/** The one-liners the README prints for plain Spring (no Boot auto-configuration), run as printed. */
class ReadmeExamplesTest {

  private final PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(),
      PyBaseMetricsConfig.builder().jvmMetrics(false).build());

  private Exposition scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
    return Exposition.parse(out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aTaskDecoratorOnAThreadPoolTaskExecutorCountsItsTasks() throws Exception {
    ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
    executor.setTaskDecorator(new MetricsTaskDecorator(metrics, "report_export"));   // a ThreadPoolTaskExecutor
    executor.initialize();
    try {
      executor.submit(() -> { }).get();
    } finally {
      executor.shutdown();
    }

    // recorded as the task's run ends, which can be just after get() returns
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(scrape().tasks("report_export", "success")).isEqualTo(1));
  }

  /** Plain Spring, no Boot: {@code @EnableAsync} plus the post-processor bean the README prints. */
  @Configuration
  @EnableAsync
  static class PlainSpringAsync {
    static PyBaseMetrics catalogue;

    @Bean
    static AsyncTaskMetricsPostProcessor asyncTaskMetrics(ObjectProvider<PyBaseMetrics> metrics) {
      return new AsyncTaskMetricsPostProcessor(metrics::getObject);
    }

    @Bean
    PyBaseMetrics pyBaseMetrics() {
      return catalogue;
    }

    @Bean
    Mailer mailer() {
      return new Mailer();
    }

    @Bean
    WebSocketHandler chat(PyBaseMetrics metrics) {
      return new TrackingWebSocketHandler(new TextWebSocketHandler(), metrics);
    }
  }

  static class Mailer {
    @Async
    public CompletableFuture<String> send(String to) {
      return CompletableFuture.completedFuture("sent to " + to);
    }
  }

  @Test
  void aPostProcessorBeanCountsAsyncMethodsInAPlainSpringContext() throws Exception {
    PlainSpringAsync.catalogue = metrics;
    try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(PlainSpringAsync.class)) {
      assertThat(context.getBean(Mailer.class).send("ops").get()).isEqualTo("sent to ops");

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(scrape().tasks("Mailer.send", "success")).isEqualTo(1));
    }
  }

  public static class NightlyReport implements Job {
    @Override
    public void execute(JobExecutionContext context) {
      // done
    }
  }

  @Test
  void oneLineRegistersTheJobListenerOnAQuartzScheduler() throws Exception {
    Properties quartz = new Properties();
    quartz.setProperty("org.quartz.scheduler.instanceName", "readme");
    quartz.setProperty("org.quartz.threadPool.threadCount", "1");
    Scheduler scheduler = new StdSchedulerFactory(quartz).getScheduler();
    try {
      MetricsJobListener.register(scheduler, metrics);                                   // a Quartz Scheduler
      scheduler.start();
      scheduler.scheduleJob(JobBuilder.newJob(NightlyReport.class).withIdentity("nightlyReport", "reports").build(),
          TriggerBuilder.newTrigger().startNow().build());

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(scrape().tasks("reports.nightlyReport", "success")).isEqualTo(1));
    } finally {
      scheduler.shutdown(true);
    }
  }
}
