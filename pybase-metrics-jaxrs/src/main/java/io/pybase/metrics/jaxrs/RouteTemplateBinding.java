package io.pybase.metrics.jaxrs;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * Binds one {@link RouteTemplateFilter} to each resource method as the runtime deploys it (sub-resource methods
 * included, when first reached through their locator), with the method's template built from its annotations.
 * Outside a servlet container the application's base path is taken as is and no series are created before the first
 * request (nothing records there); see {@link ServletRouteTemplateBinding}.
 *
 * <p>Not API: registered by {@link PyBaseMetricsFeature}, and public only because RESTEasy instantiates registered
 * classes reflectively (a package-private one silently fails to register there).
 *
 * <pre>{@code
 * // nothing to call: PyBaseMetricsFeature registers it
 * new ResourceConfig(RecordResource.class).register(PyBaseMetricsFeature.class);
 * }</pre>
 */
public class RouteTemplateBinding implements DynamicFeature {

  @Context
  private @Nullable Configuration configuration;

  @Context
  private @Nullable Application application;

  private volatile @Nullable String applicationPath;

  @Override
  public void configure(ResourceInfo resourceInfo, FeatureContext context) {
    try {
      Object on = configuration == null ? null : configuration.getProperty(PyBaseMetricsFeature.SWITCH_PROPERTY);
      if (on instanceof PyBaseMetricsFeature.Switch s && !s.enabled) {
        return;
      }
      Class<?> type = resourceInfo.getResourceClass();
      Method method = resourceInfo.getResourceMethod();
      if (type == null || method == null) {
        return;
      }
      Path classPath = RouteTemplate.classPath(type);
      if (classPath == null) {
        context.register(RouteTemplateFilter.ofSubResource(contextPath(), applicationPath()),
            PyBaseMetricsFeature.PRIORITY);
        return;
      }
      String template = RouteTemplate.of(classPath, RouteTemplate.methodPath(type, method));
      context.register(RouteTemplateFilter.ofRootResource(contextPath(), template), PyBaseMetricsFeature.PRIORITY);
      deployed(type, method, template);
    } catch (RuntimeException | LinkageError e) {
      FaultLog.fault("binding the route template of " + resourceInfo.getResourceMethod(), e);
    }
  }

  /**
   * Called once the runtime deploys {@code method} of the root resource class {@code type}, whose template relative to
   * the application path is {@code template}. Nothing outside a servlet container: recording is the servlet filter's
   * job, so there are no series to create; {@link ServletRouteTemplateBinding} creates them at zero.
   */
  void deployed(Class<?> type, Method method, String template) {
    // no servlet container: nothing records
  }

  /** The servlet context path to strip from the base URI's path; empty outside a servlet container. */
  String contextPath() {
    return "";
  }

  /**
   * The {@code @ApplicationPath} the runtime prefixes to {@code UriInfo.getMatchedResourceTemplate()}, normalised
   * ({@code ""} for none), read once. Jersey wraps the application in a {@code ResourceConfig}; its public
   * {@code getApplication()} leads to the annotated class, as Jersey's own template does.
   */
  private String applicationPath() {
    String path = applicationPath;
    if (path == null) {
      path = "";
      Object app = application;
      for (int depth = 0; app != null && depth < 8; depth++) {
        ApplicationPath annotation = app.getClass().getAnnotation(ApplicationPath.class);
        if (annotation != null) {
          path = RouteTemplate.normalise(annotation.value());
          path = path.equals("/") ? "" : path;
          break;
        }
        app = wrapped(app);
      }
      applicationPath = path;
    }
    return path;
  }

  private static @Nullable Object wrapped(Object app) {
    try {
      Object inner = app.getClass().getMethod("getApplication").invoke(app);
      return inner == app ? null : inner;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
