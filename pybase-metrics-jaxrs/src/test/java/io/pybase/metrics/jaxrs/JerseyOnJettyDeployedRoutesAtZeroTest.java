package io.pybase.metrics.jaxrs;

import java.net.URI;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AutoClose;

/** Routes at zero on Jersey 4.0 in Jetty 12 ee11, under context path {@code /shop}, the provider found by discovery. */
class JerseyOnJettyDeployedRoutesAtZeroTest extends DeployedRoutesAtZeroContract {

  @AutoClose
  private final JerseyOnJetty app;

  JerseyOnJettyDeployedRoutesAtZeroTest() throws Exception {
    app = JerseyOnJetty.start("/shop", ResourceConfig.forApplicationClass(RoutesApplication.class));
  }

  @Override
  protected URI root() {
    return app.root;
  }
}
