package io.pybase.metrics.spring.boot;

import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.httpserver.MetricsServer;
import io.pybase.metrics.httpserver.MetricsServerConfig;
import io.pybase.metrics.httpserver.MetricsServerStartException;
import java.util.Map;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.jspecify.annotations.Nullable;

/**
 * Starts and stops the metrics' own {@link MetricsServer} (pybase-metrics-httpserver: its own threads, a connection
 * limit, an idle timeout and a request-header deadline, so neither busy request threads nor slow clients keep a scrape
 * from being answered) with the application context, when {@code pybase.metrics.server.port} is set. The bound port is
 * published as {@value #LOCAL_PORT_PROPERTY} (useful with port 0).
 */
final class MetricsServerLifecycle implements SmartLifecycle, AutoCloseable {

  /** The environment property holding the bound port once started. */
  static final String LOCAL_PORT_PROPERTY = "local.pybase.metrics.server.port";

  private final PyBaseMetrics metrics;
  private final @Nullable MetricsServerConfig config;
  private final String portSetting;
  private final ConfigurableEnvironment environment;
  private volatile @Nullable MetricsServer server;

  /**
   * @param config the server's settings, or {@code null} for none (metrics on the application's port)
   * @param portSetting the setting the port came from, named when it cannot be bound ({@code pybase.metrics.server.port})
   */
  MetricsServerLifecycle(PyBaseMetrics metrics, @Nullable MetricsServerConfig config, String portSetting,
      ConfigurableEnvironment environment) {
    this.metrics = metrics;
    this.config = config;
    this.portSetting = portSetting;
    this.environment = environment;
  }

  /** Whether the metrics have a server of their own ({@code pybase.metrics.server.port} is set). */
  boolean hasOwnPort() {
    return config != null;
  }

  @Override
  public boolean isAutoStartup() {
    return hasOwnPort();
  }

  @Override
  public synchronized void start() {
    MetricsServerConfig settings = config;
    if (settings == null || server != null) {
      return;
    }
    MetricsServer started;
    try {
      // the port given in code: the failure names the setting it came from here, a Spring key or a variable
      started = MetricsServer.builder().metrics(metrics).config(settings).port(settings.port()).start();
    } catch (MetricsServerStartException e) {
      throw new PortUnavailableException(e.getMessage() + " (" + portSetting + "=" + settings.port() + ")", e);
    }
    server = started;
    environment.getPropertySources().addFirst(
        new MapPropertySource("pybaseMetricsServer", Map.of(LOCAL_PORT_PROPERTY, started.port())));
  }

  @Override
  public synchronized void stop() {
    MetricsServer running = server;
    server = null;
    if (running != null) {
      running.close();
    }
  }

  /** Stops the server if a failed start-up left it running (Spring calls this when it destroys the bean). */
  @Override
  public void close() {
    stop();
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  /** The metrics port could not be bound; the message is one line naming the port setting. */
  static final class PortUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
