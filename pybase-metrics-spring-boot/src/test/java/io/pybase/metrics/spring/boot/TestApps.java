package io.pybase.metrics.spring.boot;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/** The Spring Boot applications the tests start: controllers, security, a registry of their own. */
final class TestApps {

  private TestApps() {}

  /** Each application records into a fresh registry, so tests in one JVM do not see each other's counts. */
  @Configuration(proxyBeanMethods = false)
  static class OwnRegistry {
    @Bean
    PyBaseMetrics pyBaseMetrics(PyBaseMetricsConfig config) {   // config: the pybase.metrics.* settings
      return PyBaseMetrics.register(new PrometheusRegistry(), config);
    }
  }

  /** Spring Security in front of everything (it is on the classpath): only {@code /api/v1/secure/**} needs a login. */
  @Configuration(proxyBeanMethods = false)
  static class Security {
    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
      http.authorizeHttpRequests(requests -> requests
              .requestMatchers("/api/v1/secure/**").authenticated()
              .anyRequest().permitAll())
          .exceptionHandling(errors -> errors.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
          .csrf(csrf -> csrf.disable());
      return http.build();
    }
  }

  /**
   * The routes of the endpoint-label table every stack runs: records (a handler 404 for {@code missing}), a throwing
   * route, a sub-path of the class-level mapping (Spring MVC's form of a sub-resource).
   */
  @RestController
  @RequestMapping("/api/v1/tables/{tableId}")
  static class TableController {

    @GetMapping("/records/{recordId}")
    String record(@PathVariable String tableId, @PathVariable String recordId) {
      if (recordId.equals("missing")) {
        throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no record " + recordId);
      }
      return tableId + "/" + recordId;
    }

    @PostMapping("/records")
    @ResponseStatus(HttpStatus.CREATED)
    String create(@PathVariable String tableId) {
      return tableId;
    }

    @GetMapping("/columns/{columnId}")
    String column(@PathVariable String tableId, @PathVariable String columnId) {
      return tableId + ":" + columnId;
    }

    @GetMapping("/error")
    String fail(@PathVariable String tableId) {
      throw new IllegalStateException("table " + tableId + " is broken");
    }
  }

  /** An async controller (completes on another thread) and a secured one. */
  @RestController
  static class MoreController {
    static volatile CountDownLatch release = new CountDownLatch(0);

    @GetMapping("/api/v1/jobs/{jobId}/result")
    CompletableFuture<String> result(@PathVariable String jobId) {
      return CompletableFuture.supplyAsync(() -> "done " + jobId);
    }

    /** The class of what Spring MVC put in its matched-pattern attribute (the servlet filter reads it). */
    @GetMapping("/api/v1/pattern-type")
    String patternType(jakarta.servlet.http.HttpServletRequest request) {
      Object pattern = request.getAttribute("org.springframework.web.servlet.HandlerMapping.bestMatchingPattern");
      return pattern.getClass().getName() + " " + pattern;
    }

    @GetMapping("/api/v1/secure/profile")
    String profile() {
      return "me";
    }

    @GetMapping("/api/v1/slow/{id}")
    String slow(@PathVariable String id) throws InterruptedException {
      release.await(20, TimeUnit.SECONDS);
      return id;
    }
  }

  /** A functional endpoint: Spring MVC's {@code RouterFunction}s expose their pattern too. */
  @Configuration(proxyBeanMethods = false)
  static class FunctionalRoutes {
    @Bean
    RouterFunction<ServerResponse> invoiceRoutes() {
      return RouterFunctions.route()
          .GET("/api/v1/invoices/{invoiceId}", request -> ServerResponse.ok().body(request.pathVariable("invoiceId")))
          .build();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({TableController.class, MoreController.class, FunctionalRoutes.class, Security.class, OwnRegistry.class})
  static class RoutesApp {
  }

  /** The dependency alone: nothing of PyBase configured, default registry. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({TableController.class, Security.class})
  static class PlainApp {
  }
}
