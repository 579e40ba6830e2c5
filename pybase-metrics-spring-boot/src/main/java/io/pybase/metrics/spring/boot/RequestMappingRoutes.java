package io.pybase.metrics.spring.boot;

import io.pybase.metrics.HttpMetrics;
import io.pybase.metrics.servlet.ServletMetricsConfig;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Creates the series of every Spring MVC route at zero once the application's beans exist, before the web server
 * accepts its first request: for each handler method of each {@link RequestMappingHandlerMapping} bean
 * ({@code @GetMapping}, {@code @PostMapping}, {@code @RequestMapping}...), its {@code status="500"} counter and its
 * latency histogram under each of its patterns ({@link HttpMetrics#initRoute}), so that {@code rate()} and
 * {@code increase()} see the route's first request and first error. The patterns are the ones Spring MVC exposes for a
 * matched request, so the series are the ones requests then increment.
 *
 * <ul>
 *   <li>The methods a mapping declares; a mapping that declares none (any method) gets {@code GET}. The {@code HEAD}
 *       and {@code OPTIONS} Spring MVC answers implicitly are not created (their series appear at their first
 *       request).</li>
 *   <li>Left out: Actuator's mappings, error controllers (Boot's {@code ErrorController}) and the error path
 *       ({@code server.error.path}, default {@code /error}), the metrics path and excluded paths (judged under
 *       {@code spring.mvc.servlet.path}). Functional routes ({@code RouterFunction}) get their series at their first
 *       request.</li>
 *   <li>The {@code DispatcherServlet}'s own mapping is no route: the servlet filter leaves it out.</li>
 * </ul>
 *
 * <p>A fault here is logged at WARNING and never stops the application. Registered by
 * {@link PyBaseMetricsAutoConfiguration}; nothing to call:
 *
 * <pre>{@code
 * @GetMapping("/api/v1/tables/{tableId}/stats")   // http_requests_total{method="GET",endpoint="...",status="500"} 0
 * Stats stats(@PathVariable String tableId) { ... }
 * }</pre>
 */
final class RequestMappingRoutes implements SmartInitializingSingleton {

  /** Created for a mapping that declares no HTTP method. */
  static final String ANY_METHOD_CREATES = "GET";

  private static final Log LOG = LogFactory.getLog("io.pybase.metrics.spring.boot");

  /** Boot's error controller interface: Boot 3 and Boot 4 names. */
  private static final Set<String> ERROR_CONTROLLERS = Set.of(
      "org.springframework.boot.web.servlet.error.ErrorController",
      "org.springframework.boot.webmvc.error.ErrorController");

  private final ListableBeanFactory beans;
  private final HttpMetrics http;
  private final ServletMetricsConfig servlet;
  private final String servletPath;
  private final String errorPath;
  private final InstallationReport report;

  /**
   * @param servletPath {@code spring.mvc.servlet.path} without its trailing slash ({@code ""} for {@code /})
   * @param errorPath {@code server.error.path}
   */
  RequestMappingRoutes(ListableBeanFactory beans, HttpMetrics http, ServletMetricsConfig servlet, String servletPath,
      String errorPath, InstallationReport report) {
    this.beans = beans;
    this.http = http;
    this.servlet = servlet;
    this.servletPath = servletPath;
    this.errorPath = errorPath;
    this.report = report;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (!http.enabled()) {
      return;
    }
    try {
      Set<String> created = new LinkedHashSet<>();
      for (RequestMappingHandlerMapping mapping : beans.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
        if (mapping.getClass().getName().startsWith("org.springframework.boot.actuate.")) {
          continue;
        }
        for (Map.Entry<RequestMappingInfo, HandlerMethod> handler : mapping.getHandlerMethods().entrySet()) {
          if (!isErrorController(handler.getValue().getBeanType())) {
            create(handler.getKey(), created);
          }
        }
      }
      report.add(PyBaseMetricsAutoConfiguration.TEMPLATES, created.size() + " Spring MVC routes at zero");
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("PyBase metrics: could not read Spring MVC's request mappings; each route's series appear at its "
          + "first request", e);
    }
  }

  /** Creates the series of one mapping: each pattern under each declared method. */
  private void create(RequestMappingInfo info, Set<String> created) {
    Set<RequestMethod> declared = info.getMethodsCondition().getMethods();
    for (String pattern : info.getPatternValues()) {
      if (pattern.equals(errorPath) || servlet.excludesPath(servletPath + pattern)) {
        continue;
      }
      if (declared.isEmpty()) {
        init(ANY_METHOD_CREATES, pattern, created);
      }
      for (RequestMethod method : declared) {
        init(method.name(), pattern, created);
      }
    }
  }

  private void init(String method, String pattern, Set<String> created) {
    if (created.add(method + ' ' + pattern)) {
      http.initRoute(method, pattern);
    }
  }

  private static boolean isErrorController(Class<?> type) {
    for (Class<?> i : ClassUtils.getAllInterfacesForClassAsSet(type)) {
      if (ERROR_CONTROLLERS.contains(i.getName())) {
        return true;
      }
    }
    return false;
  }
}
