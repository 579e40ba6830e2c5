package io.pybase.metrics.jaxrs;

import io.pybase.metrics.config.PyBaseMetricsConfig;
import java.net.URI;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Routes at zero on Jersey 4.0 in Jetty 12 ee11, under context path {@code /shop}, the provider found by discovery. */
class JerseyOnJettyDeployedRoutesAtZeroTest extends DeployedRoutesAtZeroContract {

  private JerseyOnJetty app;

  @BeforeAll
  void start() throws Exception {
    app = JerseyOnJetty.start("/shop", ResourceConfig.forApplicationClass(RoutesApplication.class),
        PyBaseMetricsConfig.builder().build());
  }

  @AfterAll
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  @Override
  protected URI root() {
    return app.root;
  }
}
