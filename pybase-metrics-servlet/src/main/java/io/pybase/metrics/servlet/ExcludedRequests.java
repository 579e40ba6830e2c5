package io.pybase.metrics.servlet;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Which requests the filter leaves unrecorded, decided on what the container resolved rather than on the raw request
 * URI: the request's servlet (the metrics endpoint, by registration name) and its path within the context
 * ({@code servletPath + pathInfo}, which the container has already decoded and normalised: path parameters such as
 * {@code ;x=1}, duplicate slashes and dot segments are gone). So {@code /api/v1/metrics;x=1},
 * {@code //api/v1/metrics} and {@code /api/v1/%2e/metrics}, which the container serves from the endpoint, are
 * excluded like {@code /api/v1/metrics}; {@code /API/v1/metrics}, which it does not serve (mappings are
 * case-sensitive), is recorded like any other 404.
 *
 * <pre>{@code
 * ExcludedRequests excluded = ExcludedRequests.of(config, Set.of("pybaseMetricsEndpoint"));
 * excluded.excludes(request);   // no allocation
 * }</pre>
 */
final class ExcludedRequests {

  private final String[] exact;
  private final String[] prefixes;
  private final Set<String> servletNames;

  private ExcludedRequests(String[] exact, String[] prefixes, Set<String> servletNames) {
    this.exact = exact;
    this.prefixes = prefixes;
    this.servletNames = servletNames;
  }

  /**
   * The exclusions of {@code config}: its excluded paths (relative to the context path; {@code /static/*} is the
   * prefix {@code /static}) and, unless it records the metrics endpoint, the metrics path and every servlet in
   * {@code endpointServletNames}.
   */
  static ExcludedRequests of(ServletMetricsConfig config, Collection<String> endpointServletNames) {
    return of(config, endpointServletNames, List.of());
  }

  /**
   * Like {@link #of(ServletMetricsConfig, Collection)}, with {@code endpointPaths}: the exact mappings of metrics
   * endpoint servlets, excluded by the path the container resolved. Excluding by path needs no
   * {@code getHttpServletMapping()} per request (which allocates in Jetty); servlets whose mappings are not all exact
   * are named in {@code endpointServletNames} instead.
   */
  static ExcludedRequests of(ServletMetricsConfig config, Collection<String> endpointServletNames,
      Collection<String> endpointPaths) {
    List<String> exact = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    if (config.excludeMetricsEndpoint()) {
      exact.add(config.metricsPath());
      for (String path : endpointPaths) {
        if (!exact.contains(path)) {
          exact.add(path);
        }
      }
    }
    for (String path : config.excludedPaths()) {
      if (path.endsWith("/*")) {
        prefixes.add(path.substring(0, path.length() - 2));
      } else {
        exact.add(path);
      }
    }
    Set<String> names = config.excludeMetricsEndpoint() ? Set.copyOf(endpointServletNames) : Set.of();
    return new ExcludedRequests(exact.toArray(new String[0]), prefixes.toArray(new String[0]), names);
  }

  /** Whether {@code request} is left unrecorded. Allocates nothing; a request that cannot tell is recorded. */
  boolean excludes(HttpServletRequest request) {
    if (!servletNames.isEmpty() && servedByExcludedServlet(request)) {
      return true;
    }
    if (exact.length == 0 && prefixes.length == 0) {
      return false;
    }
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    return excludesPath(servletPath == null ? "" : servletPath, pathInfo == null ? "" : pathInfo);
  }

  private boolean servedByExcludedServlet(HttpServletRequest request) {
    HttpServletMapping mapping;
    try {
      mapping = request.getHttpServletMapping();
    } catch (RuntimeException e) {
      return false; // judged by its path alone
    }
    String servlet = mapping == null ? null : mapping.getServletName();
    return servlet != null && servletNames.contains(servlet);
  }

  /** Whether a request whose path within the context is {@code head + tail} is left unrecorded. */
  boolean excludesPath(String head, String tail) {
    int length = head.length() + tail.length();
    for (String e : exact) {
      if (e.length() == length && e.startsWith(head) && e.startsWith(tail, head.length())) {
        return true;
      }
    }
    for (String p : prefixes) {
      if (length >= p.length() && regionEquals(head, tail, p)
          && (length == p.length() || charAt(head, tail, p.length()) == '/')) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code head + tail} starts with {@code prefix}. */
  private static boolean regionEquals(String head, String tail, String prefix) {
    if (prefix.length() <= head.length()) {
      return head.startsWith(prefix);
    }
    return prefix.startsWith(head) && tail.regionMatches(0, prefix, head.length(), prefix.length() - head.length());
  }

  private static char charAt(String head, String tail, int index) {
    return index < head.length() ? head.charAt(index) : tail.charAt(index - head.length());
  }
}
