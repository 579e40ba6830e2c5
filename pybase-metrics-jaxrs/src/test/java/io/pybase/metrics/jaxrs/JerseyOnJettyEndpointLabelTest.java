package io.pybase.metrics.jaxrs;

import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.test.EndpointLabelContract;
import java.net.URI;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The endpoint-label table on Jersey 4.0 in Jetty 12 ee11, under context path {@code /shop} (stripped from the
 * templates), with the provider found by Jersey's auto-discovery alone.
 */
class JerseyOnJettyEndpointLabelTest extends EndpointLabelContract {

  private JerseyOnJetty app;

  @BeforeAll
  void start() throws Exception {
    app = JerseyOnJetty.start("/shop", ResourceConfig.forApplicationClass(RecordsApplication.class),
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
