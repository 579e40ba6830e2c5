package io.pybase.sample.api;

import io.pybase.metrics.PyBaseMetrics;
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
import io.pybase.sample.store.DatabaseConfig;
import io.pybase.sample.store.JdbcTaskStateStore;
import io.pybase.sample.store.PooledDatabase;
import io.pybase.sample.store.TaskStateStore;
import io.pybase.sample.workers.TaskTransport;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Objects;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The sample API on embedded Jetty 12 (ee11): health, records CRUD, extractions, search, the task WebSocket, and the
 * metrics endpoint, instrumented by {@code ServletMetrics.install} (filter + {@code /api/v1/metrics}).
 *
 * <pre>{@code
 * PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(), PyBaseMetricsConfig.fromEnvironment());
 * try (ApiServer api = ApiServer.builder(metrics, TaskTransport.inMemory())
 *     .settings(ApiSettings.defaults().withPort(0).withHost("127.0.0.1")).start()) {
 *   System.out.println("http://127.0.0.1:" + api.port() + "/api/v1/health");
 * }
 * }</pre>
 */
public final class ApiServer implements AutoCloseable {

  private final Server server;
  private final ServerConnector connector;
  private final PooledDatabase database;
  private final TaskUpdateHub hub;
  private final AutoCloseable cacheResource;

  private ApiServer(Server server, ServerConnector connector, PooledDatabase database, TaskUpdateHub hub,
      AutoCloseable cacheResource) {
    this.server = server;
    this.connector = connector;
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

  /** Stops Jetty (in-flight requests finish), then the pool and the cache. */
  @Override
  public void close() {
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
     * Opens the pool and starts Jetty.
     *
     * @throws IllegalStateException when the port cannot be bound or the database is unreachable
     */
    public ApiServer start() {
      ServletMetricsConfig sc = servletConfig != null ? servletConfig : ServletMetricsConfig.fromEnvironment();
      PooledDatabase db = PooledDatabase.open(database, "api", metrics);
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
        ServletMetrics.install(ctx, metrics, sc);
        servlet(ctx, "health", new HealthServlet(), "/api/v1/health");
        servlet(ctx, "records", new RecordsServlet(repository, cache, transport.queue(), maxBody), "/api/v1/tables/*");
        RecordsServlet.initRoutes(ctx, "records");
        servlet(ctx, "extractions", new ExtractionsServlet(store, transport.queue(), transport.events(), maxBody),
            "/api/v1/extractions", "/api/v1/extractions/*");
        ExtractionsServlet.initRoutes(ctx, "extractions");
        servlet(ctx, "search", new SearchServlet(transport.queue(), settings.searchTimeout()), "/api/v1/search");
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
      try {
        server.start();
      } catch (Exception e) {
        try {
          server.stop();
        } catch (Exception ignored) {
          // best effort
        }
        hub.close();
        db.close();
        throw new IllegalStateException("cannot start the API on " + settings.host() + ":" + settings.port() + ": "
            + e.getMessage(), e);
      }
      return new ApiServer(server, connector, db, hub, cacheResource);
    }

    private static void servlet(ServletContext ctx, String name, HttpServlet servlet, String... mappings) {
      ServletRegistration.Dynamic r = ctx.addServlet(name, servlet);
      r.setAsyncSupported(true);
      r.addMapping(mappings);
    }
  }
}
