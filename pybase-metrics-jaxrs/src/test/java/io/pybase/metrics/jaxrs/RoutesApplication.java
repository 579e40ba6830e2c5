package io.pybase.metrics.jaxrs;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** Every form of route the runtime deploys: root resource methods, inherited annotations, locators. */
@ApplicationPath("/api/v1")
public class RoutesApplication extends Application {
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(TablesResource.class, ItemsResource.class, LabelsResource.class);
  }
}
