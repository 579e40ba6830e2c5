package io.pybase.metrics.servlet;

import jakarta.servlet.ServletContainerInitializer;
import java.util.List;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee11): a ServletContextHandler with Jakarta WebSocket; unmapped paths hit Jetty's default 404. */
final class JettyContainer implements ServletContainerUnderTest {

  private Server server;

  @Override
  public int start(List<ServletContainerInitializer> initializers) throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    JakartaWebSocketServletContainerInitializer.configure(context, null);
    for (ServletContainerInitializer sci : initializers) {
      context.addServletContainerInitializer(sci);
    }
    server.setHandler(context);
    server.start();
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    if (server != null) {
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

  @Override
  public String toString() {
    return "Jetty 12 ee11";
  }
}
