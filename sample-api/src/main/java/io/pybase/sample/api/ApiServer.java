package io.pybase.sample.api;

import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.metrics.httpserver.MetricsServer;
import io.pybase.metrics.httpserver.MetricsServerConfig;
import io.pybase.metrics.httpserver.MetricsServerStartException;
import io.pybase.metrics.instrument.InstrumentedProxy;
import io.pybase.metrics.servlet.ServletMetrics;
import io.pybase.metrics.servlet.ServletMetricsConfig;
import io.pybase.metrics.servlet.websocket.TrackingConfigurator;
import io.pybase.metrics.servlet.websocket.WebSocketConnectionTracker;
import io.pybase.sample.api.http.ExtractionsServlet;
import io.pybase.sample.api.http.HealthServlet;
import io.pybase.sample.api.http.RecordsServlet;
import io.pybase.sample.api.http.SearchServlet;
import io.pybase.sample.api.records.InMemoryRecordCache;
import io.pybase.sample.api.records.JdbcRecordRepository;
import io.pybase.sample.api.records.RecordCache;
import io.pybase.sample.api.records.RecordRepository;
import io.pybase.sample.api.records.RedisRecordCache;
import io.pybase.sample.api.ws.TaskUpdateHub;
import io.pybase.sample.api.ws.TaskUpdatesEndpoint;
import io.pybase.sample.config.DependencyWait;
import io.pybase.sample.config.StartupException;
import io.pybase.sample.store.DatabaseConfig;
import io.pybase.sample.store.JdbcTaskStateStore;
import io.pybase.sample.store.PooledDatabase;
import io.pybase.sample.store.TaskStateStore;
import io.pybase.sample.transport.TaskTransport;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.BindException;
import java.util.Objects;
import java.util.Set;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The sample API on embedded Jetty 12 (ee11): health, records CRUD, extractions, search, the task WebSocket, and the
 * metrics endpoint, instrumented by {@code ServletMetrics.install} (filter + {@code /api/v1/metrics}). Its metrics are
 * also served on their own port with their own few threads ({@link MetricsServer} on {@code API_METRICS_PORT}: the
 * management-port pattern), so scrapes answer while every thread of the API is busy.
 *
 * <pre>{@code
 * PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(), PyBaseMetricsConfig.fromEnvironment());
 * try (ApiServer api = ApiServer.builder(metrics, TaskTransport.inMemory())
 *     .settings(ApiSettings.defaults().withPort(0).withMetricsPort(0).withHost("127.0.0.1")).start()) {
 *   System.out.println("http://127.0.0.1:" + api.port() + "/api/v1/health");
 *   System.out.println("http://127.0.0.1:" + api.metricsPort() + "/metrics");
 * }
 * }</pre>
 */
public final class ApiServer implements AutoCloseable {


  private final Server server;
  private final ServerConnector connector;
  private final MetricsServer metricsServer;
  private final PooledDatabase database;
  private final TaskUpdateHub hub;
  private final AutoCloseable cacheResource;

  private ApiServer(Server server, ServerConnector connector, MetricsServer metricsServer, PooledDatabase database,
      TaskUpdateHub hub, AutoCloseable cacheResource) {
    this.server = server;
    this.connector = connector;
    this.metricsServer = metricsServer;
    this.database = database;
    this.hub = hub;
    this.cacheResource = cacheResource;
  }

  public static Builder builder(PyBaseMetrics metrics, TaskTransport transport) {
    return new Builder(metrics, transport);
  }

  /** The bound port. */
  public int port() {
    return connector.getLocalPort();
  }

  /** The port of the API's own metrics server ({@code /metrics}, {@code /health}). */
  public int metricsPort() {
    return metricsServer.port();
  }

  /** Stops Jetty (in-flight requests finish) and the metrics server, then the pool and the cache. */
  @Override
  public void close() {
    metricsServer.close();
    try {
      server.stop();
    } catch (Exception e) {
      // stopping anyway
    }
    hub.close();
    database.close();
    if (cacheResource != null) {
      try {
        cacheResource.close();
      } catch (Exception e) {
        // nothing to do
      }
    }
  }

  /** Options of an {@link ApiServer}. */
  public static final class Builder {
    private final PyBaseMetrics metrics;
    private final TaskTransport transport;
    private ApiSettings settings = ApiSettings.defaults();
    private DatabaseConfig database = DatabaseConfig.embedded();
    private ServletMetricsConfig servletConfig;
    private DependencyWait dependencyWait = DependencyWait.defaults();
    private MetricsServerConfig metricsServerConfig;

    private Builder(PyBaseMetrics metrics, TaskTransport transport) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      this.transport = Objects.requireNonNull(transport, "transport");
    }

    public Builder settings(ApiSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    public Builder database(DatabaseConfig database) {
      this.database = Objects.requireNonNull(database, "database");
      return this;
    }

    /** The servlet integration's settings (default: from the environment). */
    public Builder servletConfig(ServletMetricsConfig config) {
      this.servletConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * The settings of the API's own metrics server: credentials, limits (default: from the environment, as
     * {@link MetricsServerConfig} documents); its host and port are {@code BIND_HOST} and {@code API_METRICS_PORT}.
     */
    public Builder metricsServerConfig(MetricsServerConfig config) {
      this.metricsServerConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Opens the pool (waiting for the database as {@link #dependencyWait} says), starts Jetty and the API's metrics
     * server.
     *
     * @throws StartupException naming {@code API_PORT} or {@code API_METRICS_PORT} when a port cannot be bound, or
     *     {@code JDBC_URL} when the database does not answer
     * @throws InvalidConfigurationException naming {@code PROMETHEUS_METRICS_PATH} when an API route serves that path
     */
    public ApiServer start() {
      ServletMetricsConfig sc = servletConfig != null ? servletConfig : ServletMetricsConfig.fromEnvironment();
      MetricsServerConfig msc = metricsServerConfig != null ? metricsServerConfig
          : MetricsServerConfig.fromEnvironment();
      PooledDatabase db = PooledDatabase.open(database, "api", metrics, dependencyWait);
      RecordRepository repository = InstrumentedProxy.wrap(RecordRepository.class,
          new JdbcRecordRepository(db.dataSource()), metrics);
      TaskStateStore store = InstrumentedProxy.wrap(TaskStateStore.class, new JdbcTaskStateStore(db.dataSource()),
          metrics);
      RecordCache rawCache;
      AutoCloseable cacheResource = null;
      if (settings.redisUrl() != null) {
        RedisRecordCache redis = RedisRecordCache.connect(settings.redisUrl(), settings.cacheTtl());
        rawCache = redis;
        cacheResource = redis;
      } else {
        rawCache = new InMemoryRecordCache(10_000, settings.cacheTtl());
      }
      RecordCache cache = InstrumentedProxy.wrap(RecordCache.class, rawCache, metrics);
      TaskUpdateHub hub = new TaskUpdateHub(transport.events());
      int maxBody = settings.maxBodyBytes();

      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost(settings.host());
      connector.setPort(settings.port());
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler("/");
      JakartaWebSocketServletContainerInitializer.configure(context, null);
      context.addServletContainerInitializer((classes, ctx) -> {
        servlet(ctx, "health", new HealthServlet(), "/api/v1/health");
        servlet(ctx, "records", new RecordsServlet(repository, cache, transport.queue(), maxBody), "/api/v1/tables/*");
        RecordsServlet.initRoutes(ctx, "records");
        servlet(ctx, "extractions", new ExtractionsServlet(store, transport.queue(), transport.events(), maxBody),
            "/api/v1/extractions", "/api/v1/extractions/*");
        ExtractionsServlet.initRoutes(ctx, "extractions");
        servlet(ctx, "search", new SearchServlet(transport.queue(), settings.searchTimeout()), "/api/v1/search");
        // after the API's own servlets: a metrics path one of its routes serves is refused, not taken over
        requireNoRouteServes(ctx, sc.metricsPath());
        ServletMetrics.install(ctx, metrics, sc);
        ServerContainer ws = (ServerContainer) ctx.getAttribute(ServerContainer.class.getName());
        ServerEndpointConfig endpoint = ServerEndpointConfig.Builder.create(TaskUpdatesEndpoint.class, "/api/v1/ws")
            .configurator(new TrackingConfigurator(WebSocketConnectionTracker.of(metrics)))
            .build();
        endpoint.getUserProperties().put(TaskUpdatesEndpoint.HUB, hub);
        try {
          ws.addEndpoint(endpoint);
        } catch (DeploymentException e) {
          throw new ServletException(e);
        }
      });
      server.setHandler(context);
      MetricsServer metricsServer = null;
      try {
        server.start();
        metricsServer = startMetricsServer(msc);
      } catch (Exception e) {
        try {
          server.stop();
        } catch (Exception ignored) {
          // best effort
        }
        hub.close();
        db.close();
        if (e instanceof MetricsServerStartException) {
          throw new StartupException(ApiSettings.METRICS_PORT, "Cannot bind " + ApiSettings.METRICS_PORT + "="
              + settings.metricsPort() + " on " + settings.host() + " (the API's metrics server): "
              + StartupException.rootMessage(e));
        }
        throw startFailure(e);
      }
      return new ApiServer(server, connector, metricsServer, db, hub, cacheResource);
    }

    /** The same catalogue on its own port and threads: scrapes answer while the API's threads are all busy. */
    private MetricsServer startMetricsServer(MetricsServerConfig config) {
      return MetricsServer.builder().metrics(metrics).config(config).host(settings.host())
          .port(settings.metricsPort()).start();
    }

    /** Waits this long for the database at start (default 30 s: {@code DEPENDENCY_WAIT_SECONDS}). */
    public Builder dependencyWait(DependencyWait wait) {
      this.dependencyWait = Objects.requireNonNull(wait, "wait");
      return this;
    }

    /**
     * Refuses a metrics path that one of the API's routes serves (an exact mapping, or a path under a route's
     * {@code /*} mapping such as {@code /api/v1/tables/metrics}): this API lets no metrics path shadow its data URLs.
     * (The library itself refuses only exact mappings, since a path under a framework dispatcher's mapping is the
     * usual layout.)
     */
    private static void requireNoRouteServes(ServletContext ctx, String path) {
      for (ServletRegistration r : ctx.getServletRegistrations().values()) {
        for (String pattern : r.getMappings()) {
          boolean prefix = pattern.endsWith("/*") && pattern.length() > 2
              && (path + "/").startsWith(pattern.substring(0, pattern.length() - 1));
          if (pattern.equals(path) || prefix) {
            throw new InvalidConfigurationException("PROMETHEUS_METRICS_PATH", path, "a path no API route serves, "
                + "such as " + ServletMetricsConfig.DEFAULT_METRICS_PATH + " (servlet '" + r.getName() + "' serves "
                + pattern + ")");
          }
        }
      }
    }

    /** One line naming the setting that made Jetty's start fail. */
    private RuntimeException startFailure(Exception e) {
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof BindException || (t instanceof java.io.IOException
            && String.valueOf(t.getMessage()).contains("Failed to bind"))) {
          return new StartupException("API_PORT", "Cannot bind API_PORT=" + settings.port() + " on "
              + settings.host() + " (the API): " + StartupException.rootMessage(t));
        }
        if (t instanceof InvalidConfigurationException ice) {
          return ice;
        }
      }
      return new StartupException("API_PORT", "Cannot start the API on " + settings.host() + ":" + settings.port()
          + ": " + StartupException.rootMessage(e));
    }

    private static void servlet(ServletContext ctx, String name, HttpServlet servlet, String... mappings) {
      ServletRegistration.Dynamic r = ctx.addServlet(name, servlet);
      r.setAsyncSupported(true);
      Set<String> taken = r.addMapping(mappings);
      if (!taken.isEmpty()) {
        throw new IllegalStateException("the API's route " + taken + " is already mapped to another servlet");
      }
    }
  }
}
