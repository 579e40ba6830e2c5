package io.pybase.sample.workers;

import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.instrument.InstrumentedProxy;
import io.pybase.metrics.worker.InstrumentedTasks;
import io.pybase.metrics.httpserver.MetricsServerStartException;
import io.pybase.metrics.worker.WorkerMetricsServer;
import io.pybase.sample.config.DependencyWait;
import io.pybase.sample.config.StartupException;
import io.pybase.sample.extraction.ExtractionTask;
import io.pybase.sample.search.IndexRecordTask;
import io.pybase.sample.search.InvertedIndex;
import io.pybase.sample.search.SearchRecordsTask;
import io.pybase.sample.store.DatabaseConfig;
import io.pybase.sample.transport.TaskTransport;
import io.pybase.sample.store.JdbcTaskStateStore;
import io.pybase.sample.store.PooledDatabase;
import io.pybase.sample.store.TaskStateStore;
import java.util.Objects;

/**
 * One running sample worker with everything it owns: its consumer threads, its metrics endpoint
 * ({@code WorkerMetricsServer}: {@code /metrics} and {@code /health}) and, for the extraction worker, its database
 * pool. The worker jar runs one; the embedded local stack runs both in one JVM, each on its own registry and port.
 *
 * <pre>{@code
 * PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(), PyBaseMetricsConfig.fromEnvironment());
 * try (WorkerNode node = WorkerNode.builder(WorkerRole.EXTRACTION, transport, metrics)
 *     .metricsPort(9091).start()) {
 *   System.out.println("metrics on " + node.metricsPort());
 * }
 * }</pre>
 */
public final class WorkerNode implements AutoCloseable {

  private final WorkerRole role;
  private final SampleWorker worker;
  private final WorkerMetricsServer server;
  private final PooledDatabase database;
  private final PyBaseMetrics metrics;

  private WorkerNode(WorkerRole role, SampleWorker worker, WorkerMetricsServer server, PooledDatabase database,
      PyBaseMetrics metrics) {
    this.role = role;
    this.worker = worker;
    this.server = server;
    this.database = database;
    this.metrics = metrics;
  }

  public static Builder builder(WorkerRole role, TaskTransport transport, PyBaseMetrics metrics) {
    return new Builder(role, transport, metrics);
  }

  public WorkerRole role() {
    return role;
  }

  /** The metrics port (bound with {@code PROMETHEUS_ENABLED=false} too: {@code /health} keeps answering). */
  public int metricsPort() {
    return server.port();
  }

  /** The catalogue this worker records into. */
  public PyBaseMetrics metrics() {
    return metrics;
  }

  /** Stops consuming (running tasks finish), then the metrics endpoint and the pool. */
  @Override
  public void close() {
    worker.close();
    server.close();
    if (database != null) {
      database.close();
    }
  }

  /** Options of a {@link WorkerNode}. */
  public static final class Builder {
    private final WorkerRole role;
    private final TaskTransport transport;
    private final PyBaseMetrics metrics;
    private WorkerSettings settings = WorkerSettings.defaults();
    private DatabaseConfig database = DatabaseConfig.embedded();
    private String metricsHost;
    private Integer metricsPort;
    private InvertedIndex index;
    private DependencyWait dependencyWait = DependencyWait.defaults();
    private String metricsPortVariable = "PROMETHEUS_METRICS_PORT";

    private Builder(WorkerRole role, TaskTransport transport, PyBaseMetrics metrics) {
      this.role = Objects.requireNonNull(role, "role");
      this.transport = Objects.requireNonNull(transport, "transport");
      this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public Builder settings(WorkerSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Where the extraction worker stores task states (default: the embedded H2). */
    public Builder database(DatabaseConfig database) {
      this.database = Objects.requireNonNull(database, "database");
      return this;
    }

    /** Address of the metrics endpoint (default: all interfaces). */
    public Builder metricsHost(String host) {
      this.metricsHost = host;
      return this;
    }

    /** Port of the metrics endpoint (default: {@code PROMETHEUS_METRICS_PORT} of the metrics' config; 0 = free). */
    public Builder metricsPort(int port) {
      this.metricsPort = port;
      return this;
    }

    /** Waits this long for the extraction worker's database at start (default 30 s). */
    public Builder dependencyWait(DependencyWait wait) {
      this.dependencyWait = Objects.requireNonNull(wait, "wait");
      return this;
    }

    /**
     * The setting that chose the metrics port, named when it cannot be bound (default
     * {@code PROMETHEUS_METRICS_PORT}; the all-in-one stack's {@code EXTRACTION_METRICS_PORT} or
     * {@code SEARCH_METRICS_PORT}).
     */
    public Builder metricsPortVariable(String variable) {
      this.metricsPortVariable = Objects.requireNonNull(variable, "variable");
      return this;
    }

    /** The search worker's index (default: a new, empty one). */
    public Builder index(InvertedIndex index) {
      this.index = index;
      return this;
    }

    /**
     * Binds the metrics endpoint, opens the pool, and starts consuming.
     *
     * @throws StartupException naming the metrics port's setting when the port cannot be bound, or
     *     {@code JDBC_URL} when the database does not answer
     */
    public WorkerNode start() {
      String name = role.workerName();
      WorkerMetricsServer.Builder sb = WorkerMetricsServer.builder().metrics(metrics).config(metrics.config())
          .workerName(name).queueLength(() -> transport.queue().length(name));
      if (metricsHost != null) {
        sb.host(metricsHost);
      }
      if (metricsPort != null) {
        sb.port(metricsPort);
      }
      WorkerMetricsServer server;
      try {
        server = sb.start();
      } catch (MetricsServerStartException e) {
        throw new StartupException(metricsPortVariable, "Cannot bind " + metricsPortVariable + "=" + e.port() + " on "
            + (metricsHost == null ? "0.0.0.0" : metricsHost) + " (the " + name + " worker's metrics): "
            + StartupException.rootMessage(e));
      }
      PooledDatabase db = null;
      try {
        SampleWorker.Builder wb = SampleWorker.builder(name, transport.queue(), metrics)
            .concurrency(settings.concurrency()).recoveryInterval(settings.recoveryInterval());
        if (role == WorkerRole.EXTRACTION) {
          db = PooledDatabase.open(database, name, metrics, dependencyWait);
          TaskStateStore store = InstrumentedProxy.wrap(TaskStateStore.class, new JdbcTaskStateStore(db.dataSource()),
              metrics);
          ExtractionTask task = new ExtractionTask(store, transport.events(), settings.failureRate(),
              settings.maxAttempts());
          wb.handler(ExtractionTask.NAME, InstrumentedTasks.wrap(task, metrics, name));
          wb.onRedelivered((m, held) -> {
            metrics.tasks().task(m.name()).retried(held);
            metrics.extractions().task(task.taskType(m)).retried(held);
          });
        } else {
          InvertedIndex idx = index != null ? index : new InvertedIndex();
          wb.handler(IndexRecordTask.NAME, InstrumentedTasks.wrap(new IndexRecordTask(idx), metrics, name));
          wb.handler(SearchRecordsTask.NAME, InstrumentedTasks.wrap(new SearchRecordsTask(idx), metrics, name));
        }
        SampleWorker worker = wb.build().start();
        return new WorkerNode(role, worker, server, db, metrics);
      } catch (RuntimeException e) {
        server.close();
        if (db != null) {
          db.close();
        }
        throw e;
      }
    }
  }
}
