package io.pybase.sample.allinone;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.servlet.ServletMetricsConfig;
import io.pybase.sample.api.ApiServer;
import io.pybase.sample.api.ApiSettings;
import io.pybase.sample.config.DependencyWait;
import io.pybase.sample.config.NetworkSettings;
import io.pybase.sample.config.SampleMain;
import io.pybase.sample.search.InvertedIndex;
import io.pybase.sample.store.DatabaseConfig;
import io.pybase.sample.transport.TaskTransport;
import io.pybase.sample.workers.WorkerNode;
import io.pybase.sample.workers.WorkerRole;
import io.pybase.sample.workers.WorkerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default: the API and both workers in one JVM, connected by an in-memory queue (or Redis when
 * {@code REDIS_URL} is set), sharing one embedded H2 database, each with its own registry and metrics port.
 *
 * <pre>{@code
 * java -jar sample-all-in-one/target/sample-all-in-one.jar     # what scripts/run-local.sh runs
 * # API_PORT=8000  API_METRICS_PORT=8001  EXTRACTION_METRICS_PORT=9091  SEARCH_METRICS_PORT=9092  BIND_HOST=127.0.0.1
 *
 * try (AllInOneStack stack = AllInOneStack.builder().apiPort(0).apiMetricsPort(0).metricsPorts(0, 0).start()) {
 *   stack.stopWorker(WorkerRole.SEARCH);
 * }
 * }</pre>
 *
 * <p>Stopping one worker while the rest runs: with {@code RUN_LOCAL_CONTROL_DIR} set, creating the file
 * {@code stop-search} (or {@code stop-extraction}) in that directory stops that worker and closes its metrics port;
 * {@code start-search} starts it again. The file is deleted once acted on (checked every 500 ms).
 */
public final class AllInOneStack implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(AllInOneStack.class.getName());

  private final TaskTransport transport;
  private final ApiServer api;
  private final Map<WorkerRole, WorkerNode> workers = new EnumMap<>(WorkerRole.class);
  private final Map<WorkerRole, PyBaseMetrics> workerMetrics;
  private final Map<WorkerRole, Integer> workerPorts;
  private final Builder options;
  private final InvertedIndex index = new InvertedIndex();
  private final ScheduledExecutorService control;

  private AllInOneStack(Builder b, TaskTransport transport, ApiServer api, Map<WorkerRole, PyBaseMetrics> workerMetrics,
      Map<WorkerRole, Integer> workerPorts) {
    this.options = b;
    this.transport = transport;
    this.api = api;
    this.workerMetrics = workerMetrics;
    this.workerPorts = workerPorts;
    if (b.controlDir != null) {
      control = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "all-in-one-control");
        t.setDaemon(true);
        return t;
      });
      ScheduledFuture<?> unused = control.scheduleWithFixedDelay(this::pollControl, 500, 500, TimeUnit.MILLISECONDS);
    } else {
      control = null;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The API's port. */
  public int apiPort() {
    return api.port();
  }

  /** The port of the API's own metrics server ({@code /metrics}, {@code /health}). */
  public int apiMetricsPort() {
    return api.metricsPort();
  }

  /** The metrics port of a running worker, or -1. */
  public synchronized int metricsPort(WorkerRole role) {
    WorkerNode n = workers.get(role);
    return n == null ? -1 : n.metricsPort();
  }

  /** Stops one worker (its running tasks finish) and closes its metrics port. */
  public synchronized void stopWorker(WorkerRole role) {
    WorkerNode n = workers.remove(role);
    if (n != null) {
      n.close();
      LOG.log(System.Logger.Level.INFO, "stopped the " + role.workerName() + " worker");
    }
  }

  /** Starts one worker again, on the port it had before (the bound one when it was started on 0). */
  public synchronized void startWorker(WorkerRole role) {
    if (workers.containsKey(role)) {
      return;
    }
    WorkerNode n = WorkerNode.builder(role, transport, workerMetrics.get(role)).settings(options.workerSettings)
        .database(options.database).dependencyWait(options.dependencyWait).metricsHost(options.host)
        .metricsPort(workerPorts.get(role))
        .metricsPortVariable(role == WorkerRole.EXTRACTION ? "EXTRACTION_METRICS_PORT" : "SEARCH_METRICS_PORT")
        .index(index).start();
    workers.put(role, n);
    if (n.metricsPort() > 0) {
      workerPorts.put(role, n.metricsPort());   // a restart binds the same port, so the scrape target stays
    }
    LOG.log(System.Logger.Level.INFO, "started the " + role.workerName() + " worker, metrics on port "
        + n.metricsPort());
  }

  /** Stops everything: the API first (no new tasks), then the workers, then the transport. */
  @Override
  public synchronized void close() {
    if (control != null) {
      control.shutdownNow();
    }
    api.close();
    for (WorkerRole r : WorkerRole.values()) {
      stopWorker(r);
    }
    transport.close();
  }

  private void pollControl() {
    try {
      for (WorkerRole r : WorkerRole.values()) {
        if (Files.deleteIfExists(options.controlDir.resolve("stop-" + r.workerName()))) {
          stopWorker(r);
        }
        if (Files.deleteIfExists(options.controlDir.resolve("start-" + r.workerName()))) {
          startWorker(r);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "control directory: " + e);
    }
  }

  /** Reads the environment, starts the stack, prints the URLs, and runs until SIGTERM or Ctrl-C. */
  public static void main(String[] args) throws InterruptedException {
    SampleMain.run("all-in-one", () -> {
      ConfigSource source = ConfigSource.system();
      Builder b = builder();
      String host = NetworkSettings.bindHost(source, "127.0.0.1");
      b.host(host)
          .apiPort(NetworkSettings.port(source, "API_PORT", 8000))
          .apiMetricsPort(NetworkSettings.port(source, ApiSettings.METRICS_PORT, ApiSettings.DEFAULT_METRICS_PORT))
          .metricsPorts(NetworkSettings.port(source, "EXTRACTION_METRICS_PORT", 9091),
              NetworkSettings.port(source, "SEARCH_METRICS_PORT", 9092))
          .metricsConfig(PyBaseMetricsConfig.from(source))
          .servletConfig(ServletMetricsConfig.from(source))
          .apiSettings(ApiSettings.from(source))
          .workerSettings(WorkerSettings.from(source))
          .database(DatabaseConfig.from(source))
          .dependencyWait(DependencyWait.from(source, System.err));
      String dir = source.string("RUN_LOCAL_CONTROL_DIR", null);
      if (dir != null) {
        try {
          b.controlDir(Path.of(dir));
        } catch (InvalidPathException e) {
          throw new InvalidConfigurationException("RUN_LOCAL_CONTROL_DIR", dir, "a directory path");
        }
      }
      AllInOneStack stack = b.start();
      printUrls(b, stack);
      return stack::close;
    });
  }

  private static void printUrls(Builder b, AllInOneStack stack) {
    String h = b.host.equals("0.0.0.0") ? "127.0.0.1" : b.host;
    boolean on = b.metricsConfig.enabled();
    System.out.println("PyBase local stack running (" + (b.workerSettings.redisUrl() == null ? "in-memory queue"
        : "Redis queue") + ", database " + b.database.describe() + ")");
    System.out.println("  API                http://" + h + ":" + stack.apiPort() + "/api/v1/health");
    String off = on ? "" : "  (PROMETHEUS_ENABLED=false: 404, /health answers)";
    System.out.println("  API metrics        http://" + h + ":" + stack.apiPort() + b.servletConfig.metricsPath()
        + off);
    System.out.println("  API metrics port   http://" + h + ":" + stack.apiMetricsPort() + "/metrics  (own threads)"
        + off);
    for (WorkerRole r : WorkerRole.values()) {
      System.out.println("  " + String.format("%-18s", r.workerName() + " metrics") + " http://" + h + ":"
          + stack.metricsPort(r) + "/metrics" + off);
    }
    if (b.controlDir != null) {
      System.out.println("  control            touch " + b.controlDir + "/stop-search (or stop-extraction,"
          + " start-...)");
    }
    System.out.flush();
  }

  /** Options of an {@link AllInOneStack}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int apiPort = 8000;
    private int apiMetricsPort = ApiSettings.DEFAULT_METRICS_PORT;
    private int extractionPort = 9091;
    private int searchPort = 9092;
    private PyBaseMetricsConfig metricsConfig = PyBaseMetricsConfig.builder().build();
    private ServletMetricsConfig servletConfig = ServletMetricsConfig.builder().build();
    private ApiSettings apiSettings = ApiSettings.defaults();
    private WorkerSettings workerSettings = WorkerSettings.defaults();
    private DatabaseConfig database = DatabaseConfig.embedded();
    private PrometheusRegistry apiRegistry;
    private Path controlDir;
    private DependencyWait dependencyWait = DependencyWait.defaults();

    private Builder() {}

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The API port (0: a free one). */
    public Builder apiPort(int port) {
      this.apiPort = port;
      return this;
    }

    /** The port of the API's own metrics server (0: a free one). */
    public Builder apiMetricsPort(int port) {
      this.apiMetricsPort = port;
      return this;
    }

    /** The workers' metrics ports (0: free ones). */
    public Builder metricsPorts(int extraction, int search) {
      this.extractionPort = extraction;
      this.searchPort = search;
      return this;
    }

    public Builder metricsConfig(PyBaseMetricsConfig config) {
      this.metricsConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    public Builder servletConfig(ServletMetricsConfig config) {
      this.servletConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /** API options; its host and ports are those of this builder. */
    public Builder apiSettings(ApiSettings settings) {
      this.apiSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    public Builder workerSettings(WorkerSettings settings) {
      this.workerSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    public Builder database(DatabaseConfig database) {
      this.database = Objects.requireNonNull(database, "database");
      return this;
    }

    /** The API's registry (default: the JVM's default registry). */
    public Builder apiRegistry(PrometheusRegistry registry) {
      this.apiRegistry = registry;
      return this;
    }

    /** How long start-up waits for PostgreSQL and Redis (default 30 s: {@code DEPENDENCY_WAIT_SECONDS}). */
    public Builder dependencyWait(DependencyWait wait) {
      this.dependencyWait = Objects.requireNonNull(wait, "wait");
      return this;
    }

    /** Watch this directory for {@code stop-<worker>} and {@code start-<worker>} files. */
    public Builder controlDir(Path dir) {
      this.controlDir = dir;
      return this;
    }

    /** Starts the API, then both workers. */
    public AllInOneStack start() {
      TaskTransport transport = TaskTransport.connect(workerSettings.transport(), dependencyWait);
      PrometheusRegistry registry = apiRegistry != null ? apiRegistry : PrometheusRegistry.defaultRegistry;
      PyBaseMetrics apiMetrics = PyBaseMetrics.register(registry, metricsConfig);
      Map<WorkerRole, PyBaseMetrics> metrics = new EnumMap<>(WorkerRole.class);
      Map<WorkerRole, Integer> ports = new EnumMap<>(WorkerRole.class);
      for (WorkerRole r : WorkerRole.values()) {
        metrics.put(r, PyBaseMetrics.register(new PrometheusRegistry(), metricsConfig));
      }
      ports.put(WorkerRole.EXTRACTION, extractionPort);
      ports.put(WorkerRole.SEARCH, searchPort);
      ApiServer api = null;
      AllInOneStack stack = null;
      try {
        api = ApiServer.builder(apiMetrics, transport)
            .settings(apiSettings.withHost(host).withPort(apiPort).withMetricsPort(apiMetricsPort)
                .withRedis(workerSettings.redisUrl()))
            .database(database).servletConfig(servletConfig).dependencyWait(dependencyWait).start();
        stack = new AllInOneStack(this, transport, api, metrics, ports);
        for (WorkerRole r : WorkerRole.values()) {
          stack.startWorker(r);
        }
        return stack;
      } catch (RuntimeException e) {
        if (stack != null) {
          stack.close();
        } else {
          if (api != null) {
            api.close();
          }
          transport.close();
        }
        throw e;
      }
    }
  }
}
