package io.pybase.metrics.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.test.Exposition;
import jakarta.servlet.ServletContainerInitializer;
import java.net.http.HttpResponse;
import jakarta.servlet.ServletRegistration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Installation through the bundled {@link PyBaseMetricsInitializer} and {@link ServletMetrics#install}, alone and
 * together, on the default registry. Subclasses run it in one container each.
 */
abstract class InstallationContract {

  abstract Supplier<ServletContainerUnderTest> containers();

  abstract String name();

  private RunningApp start(List<ServletContainerInitializer> before, boolean programmatic,
      List<ServletContainerInitializer> after, AtomicInteger filters) throws Exception {
    return RunningApp.start(containers(), name() + "-install", PyBaseMetrics.get(), null, ctx -> {
      if (programmatic) {
        ServletMetrics.install(ctx);
      }
    }, ServletMetricsConfig.DEFAULT_METRICS_PATH, before, after.isEmpty() && filters == null ? List.of()
        : concat(after, (classes, ctx) -> {
          if (filters != null) {
            filters.set((int) ctx.getFilterRegistrations().values().stream()
                .filter(r -> PyBaseMetricsFilter.class.getName().equals(r.getClassName())).count());
          }
        }));
  }

  private static List<ServletContainerInitializer> concat(List<ServletContainerInitializer> list,
      ServletContainerInitializer last) {
    List<ServletContainerInitializer> all = new java.util.ArrayList<>(list);
    all.add(last);
    return all;
  }

  private static double healthRequests(RunningApp app) throws Exception {
    return app.scrape().value("http_requests_total", "method", "GET", "endpoint", "/api/v1/health", "status", "200");
  }

  @Test
  void containerFindsTheInitializerThroughServiceLoader() {
    assertThat(ServiceLoader.load(ServletContainerInitializer.class).stream().map(ServiceLoader.Provider::type))
        .contains(PyBaseMetricsInitializer.class);
  }

  @Test
  void initializerInstallsFilterAndEndpoint() throws Exception {
    AtomicInteger filters = new AtomicInteger(-1);
    try (RunningApp app = start(List.of(new PyBaseMetricsInitializer()), false, List.of(), filters)) {
      double before = healthRequests(app);
      assertThat(app.get("/api/v1/health").statusCode()).isEqualTo(200);
      assertThat(healthRequests(app) - before).isEqualTo(1);
      assertThat(filters.get()).isEqualTo(1);
    }
  }

  @Test
  void initializerThenProgrammaticInstallRecordsEachRequestOnce() throws Exception {
    AtomicInteger filters = new AtomicInteger(-1);
    try (RunningApp app = start(List.of(new PyBaseMetricsInitializer()), true, List.of(), filters)) {
      double before = healthRequests(app);
      app.get("/api/v1/health");
      assertThat(healthRequests(app) - before).isEqualTo(1);
      assertThat(filters.get()).isEqualTo(1);
    }
  }

  @Test
  void programmaticInstallThenInitializerRecordsEachRequestOnce() throws Exception {
    AtomicInteger filters = new AtomicInteger(-1);
    try (RunningApp app = start(List.of(), true, List.of(new PyBaseMetricsInitializer()), filters)) {
      double before = healthRequests(app);
      app.get("/api/v1/health");
      assertThat(healthRequests(app) - before).isEqualTo(1);
      assertThat(filters.get()).isEqualTo(1);
    }
  }

  @Test
  void initializerStaysOffWithContextParameter() throws Exception {
    AtomicInteger filters = new AtomicInteger(-1);
    ServletContainerInitializer switchOff =
        (classes, ctx) -> ctx.setInitParameter(PyBaseMetricsInitializer.AUTO_INSTALL_PARAMETER, "false");
    try (RunningApp app = start(List.of(switchOff, new PyBaseMetricsInitializer()), false, List.of(), filters)) {
      assertThat(app.get(ServletMetricsConfig.DEFAULT_METRICS_PATH).statusCode()).isEqualTo(404);
      assertThat(filters.get()).isZero();
    }
  }

  @Test
  void initializerStaysOffWithEnvironmentSwitch() throws Exception {
    String property = "prometheus.servlet.auto.install";
    System.setProperty(property, "false");
    AtomicInteger filters = new AtomicInteger(-1);
    try (RunningApp app = start(List.of(new PyBaseMetricsInitializer()), false, List.of(), filters)) {
      assertThat(app.get(ServletMetricsConfig.DEFAULT_METRICS_PATH).statusCode()).isEqualTo(404);
      assertThat(filters.get()).isZero();
    } finally {
      System.clearProperty(property);
    }
  }

  @Test
  void applicationInstallAfterTheInitializerReplacesItWithItsCatalogueAndCredentials() throws Exception {
    PyBaseMetrics mine = PyBaseMetrics.register(new PrometheusRegistry(),
        PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    AtomicBoolean replaced = new AtomicBoolean();
    try (RunningApp app = RunningApp.start(containers(), name() + "-replace", mine, null,
        ctx -> replaced.set(ServletMetrics.install(ctx, mine,
            ServletMetricsConfig.builder().bearerToken("s3cret").build())),
        ServletMetricsConfig.DEFAULT_METRICS_PATH, List.of(new PyBaseMetricsInitializer()))) {
      assertThat(replaced).isTrue();
      double defaultBefore = defaultRegistryHealthRequests();
      app.get("/api/v1/health");

      HttpResponse<String> anonymous = app.get(ServletMetricsConfig.DEFAULT_METRICS_PATH);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"metrics\"");
      HttpResponse<String> scrape = app.get(ServletMetricsConfig.DEFAULT_METRICS_PATH, "Authorization",
          "Bearer s3cret");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(Exposition.parse(scrape.body()).value("http_requests_total", "method", "GET", "endpoint",
          "/api/v1/health", "status", "200")).isEqualTo(1);
      assertThat(defaultRegistryHealthRequests()).isEqualTo(defaultBefore);
    }
  }

  @Test
  void secondApplicationInstallWithOtherSettingsFailsNamingTheDifferences() throws Exception {
    PyBaseMetrics mine = PyBaseMetrics.register(new PrometheusRegistry(),
        PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    AtomicReference<Throwable> second = new AtomicReference<>();
    AtomicBoolean sameAgain = new AtomicBoolean(true);
    try (RunningApp app = RunningApp.start(containers(), name() + "-twice", mine, null, ctx -> {
      ServletMetrics.install(ctx, mine, ServletMetricsConfig.builder().build());
      sameAgain.set(ServletMetrics.install(ctx, mine, ServletMetricsConfig.builder().build()));
      try {
        ServletMetrics.install(ctx, mine, ServletMetricsConfig.builder().bearerToken("other").build());
      } catch (IllegalStateException e) {
        second.set(e);
      }
    }, ServletMetricsConfig.DEFAULT_METRICS_PATH, List.of())) {
      assertThat(sameAgain).isFalse();
      assertThat(second.get()).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already installed")
          .hasMessageContaining("bearer token: unset installed, set requested");
      assertThat(app.get(ServletMetricsConfig.DEFAULT_METRICS_PATH).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void metricsPathAnotherServletIsMappedToIsRefusedAndLeavesTheContextAsItWas() throws Exception {
    PyBaseMetrics mine = PyBaseMetrics.register(new PrometheusRegistry(),
        PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    Map<String, Throwable> refused = new ConcurrentHashMap<>();
    try (RunningApp app = RunningApp.start(containers(), name() + "-taken", mine, null, ctx -> {
      ServletRegistration.Dynamic reports = ctx.addServlet("reports", new TestApp.TextServlet("report"));
      reports.addMapping("/reports/*", "/status", "*.csv");
      for (String path : List.of("/status", "/reports", "/export/metrics.csv")) {
        try {
          ServletMetrics.install(ctx, mine, ServletMetricsConfig.builder().metricsPath(path).build());
        } catch (IllegalStateException e) {
          refused.put(path, e);
        }
      }
      ServletMetrics.install(ctx, mine, ServletMetricsConfig.builder().build());
    }, ServletMetricsConfig.DEFAULT_METRICS_PATH, List.of())) {
      assertThat(refused).containsOnlyKeys("/status", "/reports", "/export/metrics.csv");
      assertThat(refused.get("/status")).hasMessageContaining("PROMETHEUS_METRICS_PATH")
          .hasMessageContaining("servlet 'reports' is mapped to it");
      assertThat(refused.get("/reports")).hasMessageContaining("(/reports/*)");
      assertThat(app.get("/status").body()).as("still the application's").isEqualTo("report");
      assertThat(app.get("/reports/metrics").body()).isEqualTo("report");
      HttpResponse<String> metrics = app.get(ServletMetricsConfig.DEFAULT_METRICS_PATH);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("http_requests_total");
      double before = okGets(app.scrape());
      app.get("/status");
      assertThat(okGets(app.scrape()) - before)
          .as("the filter of the refused installation was not left behind: a request is recorded once")
          .isEqualTo(1.0);
    }
  }

  @Test
  void metricsPathUnderADispatchersPathMappingIsServedByTheEndpoint() throws Exception {
    // the JAX-RS layout: a dispatcher at /api/v1/*, the metrics at /api/v1/metrics (an exact mapping wins)
    PyBaseMetrics mine = PyBaseMetrics.register(new PrometheusRegistry(),
        PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    try (RunningApp app = RunningApp.start(containers(), name() + "-under", mine, null, ctx -> {
      ctx.addServlet("dispatcher", new TestApp.TextServlet("routed")).addMapping("/api/v1/*");
      ServletMetrics.install(ctx, mine, ServletMetricsConfig.builder().build());
    }, ServletMetricsConfig.DEFAULT_METRICS_PATH, List.of())) {
      assertThat(app.get("/api/v1/anything").body()).isEqualTo("routed");
      assertThat(app.get(ServletMetricsConfig.DEFAULT_METRICS_PATH).body()).contains("http_requests_total");
    }
  }

  private static double okGets(Exposition s) {
    double sum = 0;
    for (String endpoint : s.labelValues("http_requests_total", "endpoint")) {
      sum += s.value("http_requests_total", "method", "GET", "endpoint", endpoint, "status", "200");
    }
    return sum;
  }

  private static double defaultRegistryHealthRequests() {
    Exposition s = Exposition.of(PrometheusRegistry.defaultRegistry);
    return s.value("http_requests_total", "method", "GET", "endpoint", "/api/v1/health", "status", "200");
  }
}
