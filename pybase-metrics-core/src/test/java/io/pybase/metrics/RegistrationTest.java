package io.pybase.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/** A registry has one catalogue; registering again never drops settings silently; a catalogue can be closed. */
class RegistrationTest {

  private static final PyBaseMetricsConfig NO_JVM = PyBaseMetricsConfig.builder().jvmMetrics(false).build();

  @Test
  void registeringAnEqualConfigAgainReturnsTheSameCatalogue() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics first = PyBaseMetrics.register(registry, NO_JVM);
    PyBaseMetrics second = PyBaseMetrics.register(registry, PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    assertThat(second).isSameAs(first);
    assertThat(PyBaseMetrics.register(registry)).isSameAs(first);
  }

  @Test
  void registeringADifferentConfigFailsNamingEveryDifferingSetting() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics.register(registry); // what PyBaseMetrics.get() or any wrapped task does first: the environment's
    PyBaseMetricsConfig wanted = PyBaseMetricsConfig.builder().jvmMetrics(false).maxLabelValues(5).build();

    assertThatThrownBy(() -> PyBaseMetrics.register(registry, wanted))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already registered on this PrometheusRegistry with other settings")
        .hasMessageContaining("maxLabelValues: 100 registered, 5 requested")
        .hasMessageContaining("jvmMetrics: true registered, false requested");
    assertThat(Exposition.scrape(registry).samples("jvm_threads_current")).isNotEmpty();
  }

  @Test
  void closeUnregistersEveryMetricAndCollectorSoTheRegistryCanTakeANewCatalogue() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics first = PyBaseMetrics.register(registry, PyBaseMetricsConfig.builder().build());
    first.http().requestFinished("GET", "/a", 200, 1);
    assertThat(Exposition.scrape(registry).text()).contains("http_requests_total").contains("jvm_memory_used_bytes");

    first.close();
    first.close();
    assertThat(Exposition.scrape(registry).text()).isEmpty();

    PyBaseMetrics second = PyBaseMetrics.register(registry, NO_JVM.toBuilder().maxLabelValues(7).build());
    assertThat(second).isNotSameAs(first);
    assertThat(second.config().maxLabelValues()).isEqualTo(7);
    assertThat(Exposition.scrape(registry).text()).contains("http_requests_in_flight");
  }

  @Test
  void jvmMetricsAlreadyRegisteredByAnotherCollectorAreLeftToItAndTheRestIsServed() {
    PrometheusRegistry registry = new PrometheusRegistry();
    io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics.builder().register(registry);
    PyBaseMetrics.register(registry, PyBaseMetricsConfig.builder().build());
    Exposition e = Exposition.scrape(registry); // a duplicate name would make this throw
    assertThat(e.samples("jvm_threads_current")).hasSize(1);
    assertThat(e.samples("jvm_memory_used_bytes")).isNotEmpty();
  }

  @Test
  void catalogueNameClashWithAnotherCollectorFailsAtRegistrationAndLeavesNothingBehind() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter.builder().name("cache_operations_total").help("someone else's").register(registry);
    assertThatThrownBy(() -> PyBaseMetrics.register(registry, NO_JVM)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Exposition.scrape(registry).text()).doesNotContain("http_requests_total");
  }

  @Test
  void aRegistryNoLongerUsedIsCollectedWithItsCatalogue() throws InterruptedException {
    WeakReference<PrometheusRegistry> registry = registerAndDrop();
    for (int i = 0; i < 50 && registry.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(registry.get()).as("registry kept alive by the catalogue map").isNull();
  }

  private static WeakReference<PrometheusRegistry> registerAndDrop() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics.register(registry, NO_JVM).http().requestFinished("GET", "/a", 200, 1);
    return new WeakReference<>(registry);
  }
}
