package io.pybase.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Says, once per process, when the Prometheus Java client (client_java) on the classpath is older than the one this
 * library is built and tested against — typically because a BOM imported earlier (Spring Boot's
 * {@code spring-boot-dependencies} manages client_java too) won over {@code pybase-metrics-bom}. The version is read
 * from the client jar's {@code META-INF/maven/io.prometheus/prometheus-metrics-core/pom.properties}.
 *
 * <pre>{@code
 * ClientJavaVersion.warnIfUnsupported();   // logs one WARNING line when client_java is too old
 * }</pre>
 */
final class ClientJavaVersion {

  /** The client_java version the library is built and tested against, and the oldest it supports. */
  static final String SUPPORTED = "1.10.0";

  private static final String POM_PROPERTIES =
      "/META-INF/maven/io.prometheus/prometheus-metrics-core/pom.properties";
  private static final Logger LOG = Logger.getLogger(PyBaseMetrics.class.getName());
  private static final AtomicBoolean CHECKED = new AtomicBoolean();

  private ClientJavaVersion() {}

  /** Logs one WARNING line, the first time only, when {@link #onClasspath()} is older than {@link #SUPPORTED}. */
  static void warnIfUnsupported() {
    if (!CHECKED.compareAndSet(false, true)) {
      return;
    }
    String found = onClasspath();
    if (found != null && isOlder(found, SUPPORTED)) {
      LOG.warning(message(found));
    }
  }

  /** The one-line warning for client_java version {@code found}. */
  static String message(String found) {
    return "PyBase metrics needs the Prometheus Java client (io.prometheus:prometheus-metrics-core) " + SUPPORTED
        + " or newer, but " + found + " is on the classpath: a BOM imported before pybase-metrics-bom (such as "
        + "spring-boot-dependencies) chose it. Import pybase-metrics-bom first in <dependencyManagement>, or set "
        + "the client's version property; see the README, section 'Add the dependency'.";
  }

  /** The client_java version on the classpath, or {@code null} when it cannot be told (a repackaged jar). */
  static @Nullable String onClasspath() {
    try (InputStream in = Counter.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in == null) {
        return null;
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Whether dotted version {@code a} is older than {@code b}, numerically per part; qualifiers are ignored. */
  static boolean isOlder(String a, String b) {
    String[] x = a.split("[.-]");
    String[] y = b.split("[.-]");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int xi = part(x, i);
      int yi = part(y, i);
      if (xi != yi) {
        return xi < yi;
      }
    }
    return false;
  }

  private static int part(String[] parts, int i) {
    if (i >= parts.length) {
      return 0;
    }
    try {
      return Integer.parseInt(parts[i]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
