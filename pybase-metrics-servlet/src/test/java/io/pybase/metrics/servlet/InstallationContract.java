package io.pybase.metrics.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import jakarta.servlet.ServletContainerInitializer;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
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
    }, PyBaseMetricsConfig.DEFAULT_METRICS_PATH, before, after.isEmpty() && filters == null ? List.of()
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
      assertThat(app.get(PyBaseMetricsConfig.DEFAULT_METRICS_PATH).statusCode()).isEqualTo(404);
      assertThat(filters.get()).isZero();
    }
  }

  @Test
  void initializerStaysOffWithEnvironmentSwitch() throws Exception {
    String property = "prometheus.servlet.auto.install";
    System.setProperty(property, "false");
    AtomicInteger filters = new AtomicInteger(-1);
    try (RunningApp app = start(List.of(new PyBaseMetricsInitializer()), false, List.of(), filters)) {
      assertThat(app.get(PyBaseMetricsConfig.DEFAULT_METRICS_PATH).statusCode()).isEqualTo(404);
      assertThat(filters.get()).isZero();
    } finally {
      System.clearProperty(property);
    }
  }
}
