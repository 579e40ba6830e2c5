package io.pybase.examples.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybase.examples.worker.WorkerExample.Thumbnail;
import io.pybase.metrics.test.Exposition;
import io.pybase.metrics.worker.WorkerMetricsServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerExampleTest {

  @Test
  void countsASuccessARetryThenSuccessAndAFailureAndServesTheWorkerGauges() throws Exception {
    try (WorkerExample worker = WorkerExample.start(WorkerMetricsServer.builder().host("127.0.0.1").port(0))) {
      long enqueued = System.currentTimeMillis() - 200;   // the producer queued them 0.2 s ago

      assertThat(worker.receive(new Thumbnail("photo.png", enqueued)).get(10, TimeUnit.SECONDS))
          .isEqualTo("photo.png.thumb.png");
      assertThat(worker.receive(new Thumbnail("flaky.png", enqueued)).get(10, TimeUnit.SECONDS))
          .isEqualTo("flaky.png.thumb.png");
      assertThatThrownBy(() -> worker.receive(new Thumbnail("corrupt.png", enqueued)).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalArgumentException.class);

      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.metricsPort() + "/metrics"))
              .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      Exposition scrape = Exposition.parse(response.body());
      assertThat(scrape.value("celery_task_total", "task_name", "make_thumbnail", "status", "success")).isEqualTo(2);
      assertThat(scrape.value("celery_task_total", "task_name", "make_thumbnail", "status", "retry")).isEqualTo(1);
      assertThat(scrape.value("celery_task_total", "task_name", "make_thumbnail", "status", "failure")).isEqualTo(1);
      // counted once, not by the pool too; and the pool, given only wrapped tasks, shows no task "thumbnails" that
      // never runs
      assertThat(scrape.labelValues("celery_task_total", "task_name")).containsExactly("make_thumbnail");
      assertThat(scrape.labelValues("celery_task_duration_seconds_count", "task_name"))
          .containsExactly("make_thumbnail");
      assertThat(scrape.value("celery_task_queue_wait_seconds_count", "task_name", "make_thumbnail")).isEqualTo(3);
      assertThat(scrape.value("celery_task_queue_wait_seconds_sum", "task_name", "make_thumbnail"))
          .isGreaterThanOrEqualTo(0.6);   // three waits of at least 0.2 s, from the messages' enqueue time
      assertThat(scrape.labelValues("celery_queue_length", "worker_name")).containsExactly("thumbnails");
      assertThat(scrape.value("celery_queue_length", "worker_name", "thumbnails")).isEqualTo(0);
      assertThat(scrape.value("celery_worker_pool_size", "worker_name", "thumbnails")).isEqualTo(2);
      assertThat(scrape.value("celery_active_workers", "worker_name", "thumbnails")).isEqualTo(0);
    }
  }
}
