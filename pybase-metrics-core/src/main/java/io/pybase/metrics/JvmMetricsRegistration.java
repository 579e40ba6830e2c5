package io.pybase.metrics;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricFamilyDescriptor;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The JVM and process metrics of one catalogue, registered so that they can be removed again and never fail a
 * scrape:
 *
 * <ul>
 *   <li>each of client_java's JVM metric groups is registered into a private registry of its own, exposed on the
 *       catalogue's registry through one guarded collector: a group that throws at scrape time is left out of that
 *       scrape and counted in {@code pybase_metrics_collect_errors_total{metric}}, the rest is served;</li>
 *   <li>{@code jvm_memory_pool_allocated_bytes_total} is counted here rather than by client_java, whose GC
 *       notification listener cannot be removed and would keep a redeployed web application's class loader alive;
 *       this listener is removed by {@link #close()}. The JVM's GC beans hold their listeners for the JVM's life, so a
 *       catalogue with JVM metrics must be closed when its class loader goes away (the servlet integration does it
 *       when a web application that carries the library is undeployed). Its counter samples no exemplars, so a GC
 *       never starts client_java's exemplar scheduler thread.</li>
 * </ul>
 *
 * <pre>{@code
 * JvmMetricsRegistration jvm = JvmMetricsRegistration.register(registry, collectErrors);
 * // ...
 * jvm.close();   // unregisters every collector and removes the GC listener
 * }</pre>
 */
final class JvmMetricsRegistration implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(PyBaseMetrics.class.getName());

  private final PrometheusRegistry registry;
  private final List<GroupCollector> groups = new ArrayList<>();
  private final Counter allocated;
  private final AllocationListener allocationListener;
  private final List<NotificationEmitter> emitters = new ArrayList<>();

  private JvmMetricsRegistration(PrometheusRegistry registry, CollectErrors collectErrors) {
    this.registry = registry;
    group("jvm_threads", r -> JvmThreadsMetrics.builder().register(r), collectErrors);
    group("jvm_buffer_pool", r -> JvmBufferPoolMetrics.builder().register(r), collectErrors);
    group("jvm_classes", r -> JvmClassLoadingMetrics.builder().register(r), collectErrors);
    group("jvm_compilation", r -> JvmCompilationMetrics.builder().register(r), collectErrors);
    group("jvm_gc", r -> JvmGarbageCollectorMetrics.builder().register(r), collectErrors);
    group("jvm_memory", r -> JvmMemoryMetrics.builder().register(r), collectErrors);
    group("jvm_native_memory", r -> JvmNativeMemoryMetrics.builder().register(r), collectErrors);
    group("jvm_runtime", r -> JvmRuntimeInfoMetric.builder().register(r), collectErrors);
    group("process", r -> ProcessMetrics.builder().register(r), collectErrors);
    this.allocated = Counter.builder().name("jvm_memory_pool_allocated_bytes_total")
        .help("Total bytes allocated in a given JVM memory pool. Only updated after GC, not continuously.")
        .labelNames("pool").withoutExemplars().build();
    this.allocationListener = new AllocationListener(allocated);
  }

  /**
   * Registers the JVM and process metrics on {@code registry}. When a group cannot be registered (another
   * collector, such as client_java's own {@code JvmMetrics}, already exposes its names), that group is left to the
   * other collector and one INFO line says so.
   */
  static JvmMetricsRegistration register(PrometheusRegistry registry, CollectErrors collectErrors) {
    JvmMetricsRegistration jvm = new JvmMetricsRegistration(registry, collectErrors);
    jvm.registerAll();
    return jvm;
  }

  private void group(String name, Consumer<PrometheusRegistry> registration, CollectErrors collectErrors) {
    PrometheusRegistry own = new PrometheusRegistry();
    try {
      registration.accept(own);
      groups.add(new GroupCollector(name, own, collectErrors));
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.INFO, "PyBase metrics: JVM metric group " + name + " not available here; left out", e);
    }
  }

  private void registerAll() {
    List<String> skipped = new ArrayList<>();
    for (GroupCollector g : groups) {
      try {
        registry.register(g);
        g.registered = true;
      } catch (IllegalArgumentException | IllegalStateException e) {
        skipped.add(g.name);
      }
    }
    try {
      registry.register(allocated);
      for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (bean instanceof NotificationEmitter emitter) {
          emitter.addNotificationListener(allocationListener, null, null);
          emitters.add(emitter);
        }
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      skipped.add("jvm_memory_pool_allocated_bytes");
    }
    if (!skipped.isEmpty()) {
      LOG.info("PyBase metrics: JVM metrics " + skipped + " are already registered on this registry by another "
          + "collector; they are served by that one. Set PROMETHEUS_JVM_METRICS=false to silence this.");
    }
  }

  /** Unregisters every collector added here and removes the GC notification listener. Idempotent. */
  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(allocationListener);
      } catch (ListenerNotFoundException e) {
        // already removed
      }
    }
    emitters.clear();
    registry.unregister(allocated);
    for (GroupCollector g : groups) {
      if (g.registered) {
        registry.unregister(g);
        g.registered = false;
      }
    }
  }

  /**
   * One JVM metric group: its own registry, scraped on demand, its failures contained. Its names, types and label
   * names are declared at registration so the catalogue's registry refuses duplicates then, not at scrape time.
   */
  private static final class GroupCollector implements MultiCollector {
    final String name;
    private final PrometheusRegistry own;
    private final CollectErrors collectErrors;
    private final List<MetricFamilyDescriptor> descriptors;
    volatile boolean registered;

    GroupCollector(String name, PrometheusRegistry own, CollectErrors collectErrors) {
      this.name = name;
      this.own = own;
      this.collectErrors = collectErrors;
      this.descriptors = describe(own.scrape());
    }

    @Override
    public MetricSnapshots collect() {
      try {
        return own.scrape();
      } catch (Throwable t) {
        collectErrors.failed(name, t);
        return MetricSnapshots.of();
      }
    }

    @Override
    public MetricSnapshots collect(Predicate<String> includedNames) {
      try {
        return own.scrape(includedNames);
      } catch (Throwable t) {
        collectErrors.failed(name, t);
        return MetricSnapshots.of();
      }
    }

    @Override
    public List<MetricFamilyDescriptor> getMetricFamilyDescriptors() {
      return descriptors;
    }

    private static List<MetricFamilyDescriptor> describe(MetricSnapshots snapshots) {
      List<MetricFamilyDescriptor> result = new ArrayList<>();
      for (MetricSnapshot s : snapshots) {
        Set<String> labelNames = new LinkedHashSet<>();
        for (DataPointSnapshot point : s.getDataPoints()) {
          for (int i = 0; i < point.getLabels().size(); i++) {
            labelNames.add(point.getLabels().getName(i));
          }
        }
        result.add(MetricFamilyDescriptor.of(typeOf(s), s.getMetadata(), labelNames));
      }
      return List.copyOf(result);
    }

    private static MetricType typeOf(MetricSnapshot s) {
      if (s instanceof CounterSnapshot) {
        return MetricType.COUNTER;
      } else if (s instanceof GaugeSnapshot) {
        return MetricType.GAUGE;
      } else if (s instanceof HistogramSnapshot) {
        return MetricType.HISTOGRAM;
      } else if (s instanceof SummarySnapshot) {
        return MetricType.SUMMARY;
      } else if (s instanceof InfoSnapshot) {
        return MetricType.INFO;
      } else if (s instanceof StateSetSnapshot) {
        return MetricType.STATESET;
      }
      return MetricType.UNKNOWN;
    }
  }

  /**
   * Counts bytes allocated per memory pool from GC notifications: the increase of a pool's usage since the last GC
   * (before this one) plus its increase during this GC, increases only.
   */
  private static final class AllocationListener implements NotificationListener {
    private final Counter counter;
    private final Map<String, Long> usedAfterLastGc = new HashMap<>();

    AllocationListener(Counter counter) {
      this.counter = counter;
    }

    @Override
    public synchronized void handleNotification(Notification notification, Object handback) {
      try {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
          return;
        }
        GcInfo gc = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
        Map<String, MemoryUsage> after = gc.getMemoryUsageAfterGc();
        for (Map.Entry<String, MemoryUsage> e : gc.getMemoryUsageBeforeGc().entrySet()) {
          MemoryUsage poolAfter = after.get(e.getKey());
          if (poolAfter != null) {
            pool(e.getKey(), e.getValue().getUsed(), poolAfter.getUsed());
          }
        }
      } catch (RuntimeException | LinkageError e) {
        // a GC notification must never fail; the next one counts again
      }
    }

    private void pool(String pool, long before, long after) {
      Long previous = usedAfterLastGc.put(pool, after);
      long sinceLastGc = Math.max(0, before - (previous == null ? 0 : previous));
      long duringGc = Math.max(0, after - before);
      long increase = sinceLastGc + duringGc;
      if (increase > 0) {
        counter.labelValues(pool).inc(increase);
      }
    }
  }
}
