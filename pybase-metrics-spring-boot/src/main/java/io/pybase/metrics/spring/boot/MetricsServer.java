package io.pybase.metrics.spring.boot;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.endpoint.ScrapeAuthentication;
import java.io.IOException;
import java.net.BindException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The metrics endpoint on a port of its own, with its own two threads (Spring Boot's management-port pattern): a
 * scrape is answered while every request thread of the application is busy. client_java's {@link HTTPServer}
 * serves the catalogue's registry at the metrics path with the endpoint's credentials. Started and stopped with the
 * application context; the bound port is published as {@value #LOCAL_PORT_PROPERTY} (useful with port 0).
 */
final class MetricsServer implements SmartLifecycle {

  /** The environment property holding the bound port once started. */
  static final String LOCAL_PORT_PROPERTY = "local.pybase.metrics.server.port";

  /** Threads serving scrapes: Prometheus scrapes one at a time; a second thread covers a parallel health check. */
  static final int THREADS = 2;

  private final PyBaseMetrics metrics;
  private final String path;
  private final @Nullable String address;
  private final int port;
  private final ScrapeAuthentication credentials;
  private final ConfigurableEnvironment environment;
  private final boolean wanted;
  private volatile @Nullable HTTPServer server;

  /**
   * @param wanted whether to start at all: a port is set and recording is on
   * @param address the address to bind; {@code null}: all interfaces
   * @param port the port; 0 binds a free one
   */
  MetricsServer(boolean wanted, PyBaseMetrics metrics, String path, @Nullable String address, int port,
      ScrapeAuthentication credentials, ConfigurableEnvironment environment) {
    this.wanted = wanted;
    this.metrics = metrics;
    this.path = path;
    this.address = address;
    this.port = port;
    this.credentials = credentials;
    this.environment = environment;
  }

  @Override
  public boolean isAutoStartup() {
    return wanted;
  }

  @Override
  public synchronized void start() {
    if (!wanted || server != null) {
      return;
    }
    ExecutorService threads = Executors.newFixedThreadPool(THREADS, new ServerThreads());
    HTTPServer.Builder builder = HTTPServer.builder()
        .port(port)
        .registry(metrics.registry())
        .metricsHandlerPath(path)
        .executorService(threads);
    if (address != null) {
      builder.hostname(address);
    }
    if (credentials.required()) {
      builder.authenticator(new CredentialsAuthenticator(credentials));
    }
    HTTPServer started;
    try {
      started = builder.buildAndStart();
    } catch (IOException | RuntimeException e) {
      threads.shutdownNow();
      String where = (address != null ? address : "0.0.0.0") + ":" + port;
      String reason = causedByBind(e) ? "port " + port + " on " + where.substring(0, where.lastIndexOf(':'))
          + " is already in use" : "cannot listen on " + where + " (" + e + ")";
      throw new MetricsServerException("Cannot start the metrics server: " + reason + " ("
          + PyBaseMetricsProperties.springKey(PyBaseMetricsProperties.SERVER_PORT) + "=" + port + ")", e);
    }
    server = started;
    environment.getPropertySources().addFirst(
        new MapPropertySource("pybaseMetricsServer", Map.of(LOCAL_PORT_PROPERTY, started.getPort())));
  }

  @Override
  public synchronized void stop() {
    HTTPServer running = server;
    server = null;
    if (running != null) {
      running.close();
    }
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  /** The bound port, or -1 when not running. */
  int port() {
    HTTPServer running = server;
    return running != null ? running.getPort() : -1;
  }

  private static boolean causedByBind(Throwable e) {
    for (@Nullable Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  /** Daemon threads named {@code pybase-metrics-server-N}. */
  private static final class ServerThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "pybase-metrics-server-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }

  /** The endpoint's bearer-token / basic-auth check, answering 401 with its challenge. */
  private static final class CredentialsAuthenticator extends Authenticator {
    private final ScrapeAuthentication credentials;

    CredentialsAuthenticator(ScrapeAuthentication credentials) {
      this.credentials = credentials;
    }

    @Override
    public Result authenticate(HttpExchange exchange) {
      if (credentials.permits(exchange.getRequestHeaders().getFirst("Authorization"))) {
        return new Success(new HttpPrincipal("scraper", "metrics"));
      }
      exchange.getResponseHeaders().set("WWW-Authenticate", credentials.challenge());
      return new Failure(401);
    }
  }

  /** The metrics server could not start; the message is one line naming the port setting. */
  static final class MetricsServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MetricsServerException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
