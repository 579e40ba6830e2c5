package io.pybase.metrics.jaxrs;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The test application: no metrics provider registered here, so discovery must find it. */
@ApplicationPath("/api/v1")
public class RecordsApplication extends Application {
  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(TablesResource.class);
  }
}
