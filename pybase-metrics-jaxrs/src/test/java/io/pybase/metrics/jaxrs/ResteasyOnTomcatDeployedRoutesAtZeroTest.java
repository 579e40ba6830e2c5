package io.pybase.metrics.jaxrs;

import java.net.URI;
import org.junit.jupiter.api.AutoClose;

/** Routes at zero on RESTEasy 7.0 in Tomcat 11, the provider found through {@code META-INF/services}. */
class ResteasyOnTomcatDeployedRoutesAtZeroTest extends DeployedRoutesAtZeroContract {

  @AutoClose
  private final ResteasyOnTomcat app;

  ResteasyOnTomcatDeployedRoutesAtZeroTest() throws Exception {
    app = ResteasyOnTomcat.start(RoutesApplication.class);
  }

  @Override
  protected URI root() {
    return app.root;
  }
}
