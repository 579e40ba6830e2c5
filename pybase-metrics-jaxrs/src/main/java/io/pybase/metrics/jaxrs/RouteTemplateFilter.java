package io.pybase.metrics.jaxrs;

import io.pybase.metrics.servlet.RouteTemplates;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Sets the route template of the matched resource method as the request property {@link RouteTemplates#ATTRIBUTE}.
 * In a servlet container request properties are the servlet request's attributes (Jakarta REST,
 * {@code ContainerRequestContext.getProperty}), so this is {@code RouteTemplates.set(servletRequest, template)},
 * without a servlet type in sight. The template is built at deployment; per request the filter compares the base
 * URI's path with the one it saw last and sets the cached string.
 */
abstract class RouteTemplateFilter implements ContainerRequestFilter {

  /** At most this many distinct sub-resource templates are cached per resource method; more are built per request. */
  static final int MAX_CACHED_SUB_RESOURCE_TEMPLATES = 256;

  private final String contextPath;

  private RouteTemplateFilter(String contextPath) {
    this.contextPath = contextPath;
  }

  static RouteTemplateFilter ofRootResource(String contextPath, String template) {
    return new RootResource(contextPath, template);
  }

  static RouteTemplateFilter ofSubResource(String contextPath, String applicationPath) {
    return new SubResource(contextPath, applicationPath);
  }

  @Override
  public final void filter(ContainerRequestContext request) {
    try {
      String basePath = request.getUriInfo().getBaseUri().getRawPath();
      String template = template(request, basePath == null ? "" : basePath);
      if (template != null) {
        request.setProperty(RouteTemplates.ATTRIBUTE, template);
      }
    } catch (RuntimeException | LinkageError e) {
      FaultLog.fault("naming the route template", e);
    }
  }

  /** The full template of {@code request}, served under {@code basePath}; null if unknown. */
  abstract @Nullable String template(ContainerRequestContext request, String basePath);

  /** The application's path relative to the context root: {@code "/ctx/api/"} in context {@code /ctx} is {@code /api}. */
  final String full(String basePath, String template) {
    String base = basePath;
    if (!contextPath.isEmpty() && base.startsWith(contextPath)) {
      base = base.substring(contextPath.length());
    }
    return RouteTemplate.normalise(base + "/" + template);
  }

  /** A base path and the full template under it. */
  static final class Resolved {
    final String basePath;
    final String template;

    Resolved(String basePath, String template) {
      this.basePath = basePath;
      this.template = template;
    }
  }

  /** A method of a root resource class: its template is known from the annotations alone. */
  static final class RootResource extends RouteTemplateFilter {
    private final String template;
    private volatile @Nullable Resolved last;

    RootResource(String contextPath, String template) {
      super(contextPath);
      this.template = template;
    }

    @Override
    String template(ContainerRequestContext request, String basePath) {
      Resolved r = last;
      if (r == null || !r.basePath.equals(basePath)) {
        r = new Resolved(basePath, full(basePath, template));
        last = r;
      }
      return r.template;
    }
  }

  /**
   * A method of a sub-resource, reached through one or more locators: the runtime knows the whole chain, and says it
   * with {@code UriInfo.getMatchedResourceTemplate()} (Jakarta REST 4.0), prefixed by its {@code @ApplicationPath},
   * which is replaced by the path the request was really served under.
   */
  static final class SubResource extends RouteTemplateFilter {
    private final String applicationPath;
    private final Map<String, Resolved> byRuntimeTemplate = new ConcurrentHashMap<>();

    SubResource(String contextPath, String applicationPath) {
      super(contextPath);
      this.applicationPath = applicationPath;
    }

    @Override
    @Nullable String template(ContainerRequestContext request, String basePath) {
      String runtime = request.getUriInfo().getMatchedResourceTemplate();
      if (runtime == null) {
        return null;
      }
      Resolved r = byRuntimeTemplate.get(runtime);
      if (r == null || !r.basePath.equals(basePath)) {
        r = new Resolved(basePath, full(basePath, withoutApplicationPath(RouteTemplate.normalise(runtime))));
        if (byRuntimeTemplate.size() < MAX_CACHED_SUB_RESOURCE_TEMPLATES) {
          byRuntimeTemplate.put(runtime, r);
        }
      }
      return r.template;
    }

    private String withoutApplicationPath(String template) {
      if (!applicationPath.isEmpty() && template.startsWith(applicationPath)
          && (template.length() == applicationPath.length() || template.charAt(applicationPath.length()) == '/')) {
        return template.substring(applicationPath.length());
      }
      return template;
    }
  }
}
