package io.pybase.metrics.jaxrs;

import io.pybase.metrics.test.EndpointLabelContract;
import java.net.URI;
import org.junit.jupiter.api.AutoClose;

/**
 * The endpoint-label table on RESTEasy 7.0 in Tomcat 11, with the provider found through
 * {@code META-INF/services/jakarta.ws.rs.ext.Providers} alone.
 */
class ResteasyOnTomcatEndpointLabelTest extends EndpointLabelContract {

  @AutoClose
  private final ResteasyOnTomcat app;

  ResteasyOnTomcatEndpointLabelTest() throws Exception {
    app = ResteasyOnTomcat.start(RecordsApplication.class);
  }

  @Override
  protected URI root() {
    return app.root;
  }
}
