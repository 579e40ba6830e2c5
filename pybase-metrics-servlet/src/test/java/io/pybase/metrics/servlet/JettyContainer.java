package io.pybase.metrics.servlet;

import io.pybase.metrics.test.LoopbackJetty;
import jakarta.servlet.ServletContainerInitializer;
import java.util.List;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;

/** Embedded Jetty 12 (ee11): a ServletContextHandler with Jakarta WebSocket; unmapped paths hit Jetty's default 404. */
final class JettyContainer implements ServletContainerUnderTest {

  private Server server;

  @Override
  public int start(List<ServletContainerInitializer> initializers) throws Exception {
    server = LoopbackJetty.server();
    ServletContextHandler context = new ServletContextHandler("/");
    JakartaWebSocketServletContainerInitializer.configure(context, null);
    for (ServletContainerInitializer sci : initializers) {
      context.addServletContainerInitializer(sci);
    }
    server.setHandler(context);
    server.start();
    return LoopbackJetty.port(server);
  }

  @Override
  public void close() {
    if (server != null) {
      LoopbackJetty.stop(server);
    }
  }

  @Override
  public String toString() {
    return "Jetty 12 ee11";
  }
}
