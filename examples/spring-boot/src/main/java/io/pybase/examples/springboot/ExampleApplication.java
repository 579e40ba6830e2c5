package io.pybase.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A Spring Boot application with PyBase metrics: the dependency {@code pybase-metrics-spring-boot} is all it takes.
 * {@code GET /api/v1/metrics} then counts every request under its route template
 * ({@code http_requests_total{endpoint="/api/v1/tables/{tableId}/records/{recordId}",...}}) and every {@code @Async}
 * export under {@code celery_task_total{task_name="Exports.export",...}}.
 */
@SpringBootApplication
@EnableAsync
public class ExampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }

  @RestController
  @RequestMapping("/api/v1/tables/{tableId}")
  static class Records {
    private final Exports exports;

    Records(Exports exports) {
      this.exports = exports;
    }

    @GetMapping("/records/{recordId}")
    String record(@PathVariable String tableId, @PathVariable String recordId) {
      if (recordId.equals("missing")) {
        throw new ResponseStatusException(HttpStatus.NOT_FOUND);
      }
      return "{\"table\":\"" + tableId + "\",\"record\":\"" + recordId + "\"}";
    }

    @PostMapping("/exports")
    String export(@PathVariable String tableId) {
      exports.export(tableId);
      return "queued";
    }
  }

  @Service
  static class Exports {
    @Async
    public void export(String tableId) {
      // writes the table somewhere; recorded as a task whether it returns or throws
    }
  }
}
