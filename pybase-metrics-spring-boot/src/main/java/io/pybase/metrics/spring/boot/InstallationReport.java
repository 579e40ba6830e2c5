package io.pybase.metrics.spring.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * What the starter installed, logged once at INFO when the application is ready, in one line:
 *
 * <pre>
 * PyBase metrics installed: HTTP filter first in the chain on /* (REQUEST, async); endpoint /api/v1/metrics (bearer
 * token); not counted: /actuator/*, /api/v1/metrics; route templates from Spring MVC; DB pool gauges: dataSource;
 * {@literal @}Async task metrics; Quartz job metrics: quartzScheduler; WebSocket handlers: chatHandler
 * </pre>
 */
final class InstallationReport implements ApplicationListener<ApplicationReadyEvent> {

  private static final Log LOG = LogFactory.getLog("io.pybase.metrics.spring.boot");

  /** Part name to its items, in a fixed order of parts. */
  private final Map<Integer, Part> parts = new TreeMap<>();
  private final AtomicBoolean logged = new AtomicBoolean();
  private volatile @Nullable String off;

  /** Adds a fact, e.g. {@code add(10, "endpoint /api/v1/metrics")}; facts of one order are joined. */
  synchronized void add(int order, String fact) {
    parts.computeIfAbsent(order, o -> new Part(null)).items.add(fact);
  }

  /** Adds an item to a listed part, e.g. {@code item(30, "DB pool gauges", "dataSource")}. */
  synchronized void item(int order, String label, String item) {
    parts.computeIfAbsent(order, o -> new Part(label)).items.add(item);
  }

  /** Marks the whole library off: the line says so instead. */
  void off(String why) {
    this.off = why;
  }

  /** The line. */
  synchronized String line() {
    String why = off;
    if (why != null) {
      return "PyBase metrics off (" + why + "): nothing recorded, the metrics endpoint answers 404";
    }
    List<String> facts = new ArrayList<>();
    for (Part part : parts.values()) {
      facts.add(part.label == null ? String.join("; ", part.items) : part.label + ": " + String.join(", ", part.items));
    }
    return "PyBase metrics installed: " + String.join("; ", facts);
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    if (logged.compareAndSet(false, true)) {
      LOG.info(line());
    }
  }

  private static final class Part {
    final @Nullable String label;
    final List<String> items = new ArrayList<>();

    Part(@Nullable String label) {
      this.label = label;
    }
  }
}
