package io.pybase.metrics.jaxrs;

import io.pybase.metrics.config.PyBaseMetricsConfig;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;

/**
 * Names the route template of every request a Jakarta REST (JAX-RS) application matches, for the servlet filter of
 * {@code pybase-metrics-servlet}: the {@code endpoint} label becomes the matched resource's full template,
 * application path + class {@code @Path} + method {@code @Path}, through sub-resource locators, regular expressions
 * dropped ({@code /api/v1/tables/{tableId}/records/{recordId}}). A request the runtime matches to no resource method
 * gets {@code not_found} (404) or {@code unmatched} (any other status, a 405 included).
 *
 * <p>Registered for you: Jersey finds it through its {@code AutoDiscoverable} SPI and RESTEasy through
 * {@code META-INF/services/jakarta.ws.rs.ext.Providers}. Where discovery is off
 * ({@code jersey.config.disableAutoDiscovery}, {@code resteasy.use.builtin.providers=false}), register it:
 *
 * <pre>{@code
 * ResourceConfig app = new ResourceConfig(RecordResource.class).register(PyBaseMetricsFeature.class);
 * }</pre>
 *
 * <p>Templates are built once per resource method, at deployment, from the annotations; per request the provider
 * reads the application's base URI and sets one request property. The application path is the one the request was
 * served under (the servlet mapping, without the context path), so it is right however the application is deployed.
 * A fault inside the provider is logged and never reaches the request. With {@code PROMETHEUS_ENABLED=false} (or a
 * disabled {@link PyBaseMetricsConfig}) it registers nothing.
 *
 * <p>In a servlet container every route the runtime deploys has its series created at zero from start-up (its
 * {@code status="500"} counter and its latency histogram, for each HTTP method it declares), so {@code increase()}
 * sees its first error: resource methods of root resource classes, and the sub-resource methods their locators lead to
 * when a locator's return type says which ({@link ServletRouteTemplateBinding} has the rules). The servlet serving the
 * application must load on start-up, as Jersey's and RESTEasy's servlet initializers set it.
 *
 * <p>It needs no servlet API: outside a servlet container (Jersey's JDK HTTP server) it still names templates, but
 * nothing records them, since recording is the servlet filter's job, and so no series are created there.
 */
@ConstrainedTo(RuntimeType.SERVER)
public final class PyBaseMetricsFeature implements Feature {

  /** Configuration property holding the {@link Switch} shared by every provider this feature registers. */
  static final String SWITCH_PROPERTY = "io.pybase.metrics.jaxrs.switch";

  /**
   * Priority of the providers: ahead of authentication filters ({@code Priorities.AUTHENTICATION} = 1000), so a
   * request an authentication filter rejects still carries its route.
   */
  static final int PRIORITY = 100;

  private final boolean enabled;
  private final boolean explicit;

  /** On unless {@code PROMETHEUS_ENABLED=false}: what discovery registers. */
  public PyBaseMetricsFeature() {
    this(PyBaseMetricsConfig.fromEnvironment().enabled(), false);
  }

  /**
   * On when {@code config} is enabled. Registered by the application, it overrides the one discovery registers,
   * whatever the order.
   */
  public PyBaseMetricsFeature(PyBaseMetricsConfig config) {
    this(config.enabled(), true);
  }

  private PyBaseMetricsFeature(boolean enabled, boolean explicit) {
    this.enabled = enabled;
    this.explicit = explicit;
  }

  @Override
  public boolean configure(FeatureContext context) {
    try {
      Object existing = context.getConfiguration().getProperty(SWITCH_PROPERTY);
      if (existing instanceof Switch s) {
        if (explicit) {
          s.enabled = enabled;
        }
        return true;
      }
      Switch on = new Switch(enabled);
      context.property(SWITCH_PROPERTY, on);
      context.register(servletApiPresent() ? ServletRouteTemplateBinding.class : RouteTemplateBinding.class);
      context.register(new NoRouteMatchedFilter(on), PRIORITY);
      return true;
    } catch (RuntimeException | LinkageError e) {
      FaultLog.fault("registering the route-template providers", e);
      return false;
    }
  }

  private static boolean servletApiPresent() {
    try {
      Class.forName("jakarta.servlet.ServletContext", false, PyBaseMetricsFeature.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Whether the providers of one application are on; the application's own registration decides over discovery. */
  static final class Switch {
    volatile boolean enabled;

    Switch(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
