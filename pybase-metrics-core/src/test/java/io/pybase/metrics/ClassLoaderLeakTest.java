package io.pybase.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A redeployed application leaves nothing behind: core and client_java loaded in a throwaway class loader (as a web
 * application's own {@code WEB-INF/lib}), {@code PyBaseMetrics.get()} called, a request recorded and a scrape taken,
 * the loader closed and dropped: it is garbage collected. With JVM metrics on, the catalogue is closed first, as the
 * servlet integration does at undeploy (the JVM's GC beans hold notification listeners for the JVM's life); with
 * them off, nothing of the library is held from outside and no close is needed.
 */
class ClassLoaderLeakTest {

  private static final String JVM_METRICS_PROPERTY = "prometheus.jvm.metrics";

  @AfterEach
  void clearProperty() {
    System.clearProperty(JVM_METRICS_PROPERTY);
  }

  @Test
  void throwawayLoaderIsCollectedWithJvmMetricsOnOnceTheCatalogueIsClosed() throws Exception {
    System.setProperty(JVM_METRICS_PROPERTY, "true");
    assertCollected(loadAndUse(true, true));
  }

  @Test
  void throwawayLoaderIsCollectedWithJvmMetricsOffWithoutClosingTheCatalogue() throws Exception {
    System.setProperty(JVM_METRICS_PROPERTY, "false");
    assertCollected(loadAndUse(false, false));
  }

  @Test
  void throwawayLoaderIsCollectedWithJvmMetricsOffOnceTheCatalogueIsClosed() throws Exception {
    System.setProperty(JVM_METRICS_PROPERTY, "false");
    assertCollected(loadAndUse(true, false));
  }

  /**
   * Loads core and client_java in a new loader whose parent is the platform loader (nothing comes from this test's
   * class path), calls {@code PyBaseMetrics.get()}, records, scrapes, optionally closes, then closes the loader.
   * Returns only a weak reference to it.
   */
  private static WeakReference<ClassLoader> loadAndUse(boolean closeCatalogue, boolean jvmMetrics) throws Exception {
    URLClassLoader loader = new URLClassLoader("throwaway-webapp", libraryUrls(),
        ClassLoader.getPlatformClassLoader());
    Class<?> type = Class.forName("io.pybase.metrics.PyBaseMetrics", true, loader);
    assertThat(type.getClassLoader()).isSameAs(loader);
    Object metrics = type.getMethod("get").invoke(null);
    Object http = type.getMethod("http").invoke(metrics);
    http.getClass().getMethod("requestFinished", String.class, String.class, int.class, long.class)
        .invoke(http, "GET", "/api/v1/health", 200, 1_000_000L);
    Object registry = type.getMethod("registry").invoke(metrics);
    Object snapshots = registry.getClass().getMethod("scrape").invoke(registry);
    String names = snapshots.toString() + names(snapshots);
    assertThat(names).contains("http_requests");
    assertThat(names.contains("jvm_memory_used_bytes")).isEqualTo(jvmMetrics);
    // a GC with the listener registered, so the allocation counter has worked at least once
    System.gc();
    if (closeCatalogue) {
      type.getMethod("close").invoke(metrics);
    }
    loader.close();
    return new WeakReference<>(loader);
  }

  private static String names(Object snapshots) throws Exception {
    StringBuilder b = new StringBuilder();
    for (Object s : (Iterable<?>) snapshots) {
      Object metadata = s.getClass().getMethod("getMetadata").invoke(s);
      b.append(metadata.getClass().getMethod("getPrometheusName").invoke(metadata)).append(' ');
    }
    return b.toString();
  }

  private static void assertCollected(WeakReference<ClassLoader> loader) throws InterruptedException {
    for (int i = 0; i < 50 && loader.get() != null; i++) {
      System.gc();
      byte[][] pressure = new byte[64][];
      for (int j = 0; j < pressure.length; j++) {
        pressure[j] = new byte[256 * 1024];
      }
      Thread.sleep(50);
    }
    assertThat(loader.get()).as("the throwaway class loader after closing and dropping it").isNull();
  }

  /** Core's classes and the client_java jars of this test's class path. */
  private static URL[] libraryUrls() throws Exception {
    List<URL> urls = new ArrayList<>();
    urls.add(PyBaseMetrics.class.getProtectionDomain().getCodeSource().getLocation());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator, -1)) {
      if (new File(entry).getName().startsWith("prometheus-metrics-")) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    return urls.toArray(new URL[0]);
  }
}
