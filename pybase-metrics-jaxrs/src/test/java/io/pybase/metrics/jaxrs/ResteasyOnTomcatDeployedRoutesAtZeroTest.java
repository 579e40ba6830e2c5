package io.pybase.metrics.jaxrs;

import io.pybase.metrics.config.PyBaseMetricsConfig;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Routes at zero on RESTEasy 7.0 in Tomcat 11, the provider found through {@code META-INF/services}. */
class ResteasyOnTomcatDeployedRoutesAtZeroTest extends DeployedRoutesAtZeroContract {

  private ResteasyOnTomcat app;

  @BeforeAll
  void start() throws Exception {
    app = ResteasyOnTomcat.start(RoutesApplication.class, PyBaseMetricsConfig.builder().build());
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
