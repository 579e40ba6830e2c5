package io.pybase.metrics.jaxrs;

import io.pybase.metrics.test.EndpointLabelContract;
import java.net.URI;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AutoClose;

/**
 * The endpoint-label table on Jersey 4.0 in Jetty 12 ee11, under context path {@code /shop} (stripped from the
 * templates), with the provider found by Jersey's auto-discovery alone.
 */
class JerseyOnJettyEndpointLabelTest extends EndpointLabelContract {

  @AutoClose
  private final JerseyOnJetty app;

  JerseyOnJettyEndpointLabelTest() throws Exception {
    app = JerseyOnJetty.start("/shop", ResourceConfig.forApplicationClass(RecordsApplication.class));
  }

  @Override
  protected URI root() {
    return app.root;
  }
}
