package io.pybase.metrics.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybase.metrics.test.Exposition;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Issue 11 case 8, for Spring MVC: every handler method's route has its {@code status="500"} counter and its latency
 * histogram at zero from start-up, before any request, so that {@code increase()} sees its first error; nothing is
 * created for Actuator, the error controller, the metrics endpoint, excluded paths or the DispatcherServlet's mapping.
 */
class SpringMvcRoutesAtZeroTest {

  private static final String REQUESTS = "http_requests_total";
  private static final String LATENCY_COUNT = "api_latency_histogram_count";

  /** The handler methods of {@link RoutesAtZeroApp}: method, pattern. */
  private static final String[][] ROUTES = {
      {"GET", "/api/v1/tables/{tableId}/records/{recordId}"},     // @GetMapping
      {"POST", "/api/v1/tables/{tableId}/records"},               // @PostMapping
      {"GET", "/api/v1/tables/{tableId}/columns/{columnId}"},
      {"GET", "/api/v1/tables/{tableId}/error"},
      {"GET", "/api/v1/jobs/{jobId}/result"},                     // async
      {"GET", "/api/v1/secure/profile"},                          // behind Spring Security
      {"PUT", "/api/v1/tables/{tableId}/settings"},               // @RequestMapping(method = {PUT, DELETE})
      {"DELETE", "/api/v1/tables/{tableId}/settings"},
      {"GET", "/api/v1/ping"},                                    // @RequestMapping, no method: GET
      {"GET", "/api/v1/health/live"},                             // two patterns of one handler
      {"GET", "/api/v1/health/ready"},
      {"GET", "/api/v1/codes/{code:[A-Z]{2}}"},                   // as Spring MVC exposes it, expression kept
  };

  @Test
  void createsTheErrorSeriesOfEveryHandlerMethodAtZeroBeforeItsFirstRequest() {
    try (RunningApp app = RunningApp.start(RoutesAtZeroApp.class, "pybase.metrics.excluded-paths=/api/v1/internal/*")) {
      Exposition s = app.scrape();
      for (String[] r : ROUTES) {
        assertThat(s.hasSample(REQUESTS, "endpoint", r[1], "method", r[0], "status", "500"))
            .as("%s{method=\"%s\",endpoint=\"%s\",status=\"500\"} 0", REQUESTS, r[0], r[1]).isTrue();
        assertThat(s.requests(r[0], r[1], 500)).isZero();
        assertThat(s.hasSample(LATENCY_COUNT, "endpoint", r[1], "method", r[0])).as("%s %s latency", r[0], r[1])
            .isTrue();
      }
      Set<String> endpoints = s.labelValues(REQUESTS, "endpoint");
      assertThat(endpoints)
          .doesNotContain("/error", "/", "/*", "/**", "/api/v1/metrics", "/api/v1/internal/jobs")
          .noneMatch(e -> e.startsWith("/actuator"));
      // a mapping with no method gets GET only; HEAD and OPTIONS, answered implicitly, appear at their first request
      assertThat(s.hasSample(REQUESTS, "endpoint", "/api/v1/ping", "method", "POST", "status", "500")).isFalse();
      assertThat(s.labelValues(REQUESTS, "method")).containsOnly("GET", "POST", "PUT", "DELETE");
      assertThat(s.sum(REQUESTS)).isZero();

      assertThat(app.get("/api/v1/tables/7/error").statusCode()).isEqualTo(500);
      app.awaitScrape(after -> assertThat(after.requests("GET", "/api/v1/tables/{tableId}/error", 500)).isEqualTo(1));
    }
  }

  @Test
  void leavesTheDispatcherServletsMappingOutUnderAServletPath() {
    try (RunningApp app = RunningApp.start(ServletPathApp.class, "spring.mvc.servlet.path=/app",
        "pybase.metrics.excluded-paths=/app/api/v1/internal/*")) {
      Exposition s = app.scrape();
      assertThat(s.hasSample(REQUESTS, "endpoint", "/api/v1/tables/{tableId}/error", "method", "GET", "status", "500"))
          .isTrue();
      assertThat(s.labelValues(REQUESTS, "endpoint")).doesNotContain("/app/*", "/app", "/api/v1/internal/jobs")
          .allMatch(e -> e.startsWith("/api/v1/"));

      // a 405 names no handler, and the DispatcherServlet's own /app/* mapping is no route either
      assertThat(app.send("DELETE", "/app/api/v1/tables/7/error", null).statusCode()).isEqualTo(405);
      app.awaitScrape(after -> assertThat(after.requests("DELETE", "unmatched", 405)).isEqualTo(1));
      assertThat(app.scrape().labelValues(REQUESTS, "endpoint")).doesNotContain("/app/*");
    }
  }

  /** Mappings of every other form: several methods, none, several patterns, a regular expression, excluded. */
  @RestController
  static class MappingFormsController {

    @RequestMapping(path = "/api/v1/tables/{tableId}/settings", method = {RequestMethod.PUT, RequestMethod.DELETE})
    String settings() {
      return "settings";
    }

    @RequestMapping("/api/v1/ping")
    String ping() {
      return "pong";
    }

    @GetMapping({"/api/v1/health/live", "/api/v1/health/ready"})
    String health() {
      return "up";
    }

    @GetMapping("/api/v1/codes/{code:[A-Z]{2}}")
    String code() {
      return "code";
    }

    @GetMapping("/api/v1/internal/jobs")
    String internalJobs() {
      return "jobs";
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({TestApps.TableController.class, TestApps.MoreController.class, MappingFormsController.class,
      TestApps.Security.class, TestApps.OwnRegistry.class})
  static class RoutesAtZeroApp {
  }

  /**
   * Spring Security letting everything through without path patterns: with the DispatcherServlet under a servlet path
   * beside the metrics servlet, Spring Security refuses plain patterns as ambiguous.
   */
  @Configuration(proxyBeanMethods = false)
  static class OpenSecurity {
    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
          .csrf(csrf -> csrf.disable())
          .build();
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({TestApps.TableController.class, MappingFormsController.class, OpenSecurity.class,
      TestApps.OwnRegistry.class})
  static class ServletPathApp {
  }
}
