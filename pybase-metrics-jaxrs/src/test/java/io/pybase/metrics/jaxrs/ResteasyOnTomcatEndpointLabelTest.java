package io.pybase.metrics.jaxrs;

import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.test.EndpointLabelContract;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The endpoint-label table on RESTEasy 7.0 in Tomcat 11, with the provider found through
 * {@code META-INF/services/jakarta.ws.rs.ext.Providers} alone.
 */
class ResteasyOnTomcatEndpointLabelTest extends EndpointLabelContract {

  private ResteasyOnTomcat app;

  @BeforeAll
  void start() throws Exception {
    app = ResteasyOnTomcat.start(RecordsApplication.class, PyBaseMetricsConfig.builder().build());
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
