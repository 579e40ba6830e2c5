package io.pybase.metrics.test;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty 12 server as tests run one: listening on 127.0.0.1 and a free port, stopped or failing the test.
 * The test brings Jetty (this module only compiles against it).
 *
 * <pre>{@code
 * Server server = LoopbackJetty.server();
 * server.setHandler(context);
 * server.start();
 * URI root = URI.create("http://127.0.0.1:" + LoopbackJetty.port(server));
 * ...
 * LoopbackJetty.stop(server);
 * }</pre>
 */
public final class LoopbackJetty {

  private LoopbackJetty() {}

  /** A server with one connector on 127.0.0.1 and port 0: a free port, chosen when it starts. */
  public static Server server() {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    return server;
  }

  /** The port a started {@link #server()} listens on. */
  public static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** Stops {@code server}; one that does not stop is an {@link IllegalStateException} (an interrupt is kept). */
  public static void stop(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }
}
