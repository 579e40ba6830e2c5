package io.pybase.metrics.jaxrs;

import jakarta.annotation.Priority;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.FeatureContext;
import org.glassfish.jersey.internal.spi.AutoDiscoverable;

/**
 * Registers {@link PyBaseMetricsFeature} in every Jersey application, found by Jersey through
 * {@code META-INF/services/org.glassfish.jersey.internal.spi.AutoDiscoverable}. Loaded by Jersey only; an application
 * that registers the feature itself keeps its own. {@code jersey.config.disableAutoDiscovery=true} turns it off,
 * like every other auto-discoverable provider.
 */
@ConstrainedTo(RuntimeType.SERVER)
@Priority(AutoDiscoverable.DEFAULT_PRIORITY)
public final class PyBaseMetricsAutoDiscoverable implements AutoDiscoverable {

  @Override
  public void configure(FeatureContext context) {
    try {
      if (!context.getConfiguration().isRegistered(PyBaseMetricsFeature.class)) {
        context.register(PyBaseMetricsFeature.class);
      }
    } catch (RuntimeException | LinkageError e) {
      FaultLog.fault("registering PyBaseMetricsFeature with Jersey", e);
    }
  }
}
