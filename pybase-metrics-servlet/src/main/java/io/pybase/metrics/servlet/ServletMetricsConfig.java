package io.pybase.metrics.servlet;

import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.metrics.endpoint.MetricsEndpointConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of the servlet integration: the metrics endpoint (path and credentials, the policy every
 * transport shares: {@link MetricsEndpointConfig}), the paths whose requests are not recorded, and installation
 * switches. Equal settings make equal configs: {@link ServletMetrics#install} compares them.
 *
 * <pre>{@code
 * ServletMetricsConfig config = ServletMetricsConfig.fromEnvironment();
 * ServletMetricsConfig custom = ServletMetricsConfig.builder()
 *     .excludedPaths("/health", "/static/*")
 *     .bearerToken(System.getenv("SCRAPE_TOKEN"))
 *     .build();
 * }</pre>
 *
 * <table>
 *   <caption>Variables (system property: lower case, dots for underscores) and defaults</caption>
 *   <tr><td>PROMETHEUS_METRICS_PATH</td><td>{@value #DEFAULT_METRICS_PATH}</td></tr>
 *   <tr><td>PROMETHEUS_METRICS_BEARER_TOKEN</td><td>unset: no token (set but empty: start-up fails)</td></tr>
 *   <tr><td>PROMETHEUS_METRICS_USERNAME, PROMETHEUS_METRICS_PASSWORD</td><td>unset: no basic auth (set both or
 *       neither)</td></tr>
 *   <tr><td>PROMETHEUS_METRICS_EXCLUDED_PATHS</td><td>none (comma-separated; exact paths or prefixes ending in
 *       {@code /*})</td></tr>
 *   <tr><td>PROMETHEUS_SERVLET_AUTO_INSTALL</td><td>true</td></tr>
 * </table>
 */
public final class ServletMetricsConfig {

  /** {@code PROMETHEUS_METRICS_EXCLUDED_PATHS}. */
  public static final String EXCLUDED_PATHS = "PROMETHEUS_METRICS_EXCLUDED_PATHS";
  /** {@code PROMETHEUS_SERVLET_AUTO_INSTALL}. */
  public static final String AUTO_INSTALL = "PROMETHEUS_SERVLET_AUTO_INSTALL";
  /** The metrics path of a servlet application when {@code PROMETHEUS_METRICS_PATH} is not set. */
  public static final String DEFAULT_METRICS_PATH = "/api/v1/metrics";

  private final MetricsEndpointConfig endpoint;
  private final List<String> excludedPaths;
  private final boolean excludeMetricsEndpoint;
  private final boolean installEndpoint;
  private final boolean autoInstall;

  private ServletMetricsConfig(Builder b) {
    this.endpoint = b.endpoint.build();
    this.excludedPaths = List.copyOf(b.excludedPaths);
    this.excludeMetricsEndpoint = b.excludeMetricsEndpoint;
    this.installEndpoint = b.installEndpoint;
    this.autoInstall = b.autoInstall;
  }

  /**
   * Defaults overridden by system properties and environment variables.
   *
   * @throws InvalidConfigurationException on the first bad value
   */
  public static ServletMetricsConfig fromEnvironment() {
    return from(ConfigSource.system());
  }

  /**
   * Reads every setting from {@code source}.
   *
   * @throws InvalidConfigurationException on the first bad value
   */
  public static ServletMetricsConfig from(ConfigSource source) {
    Builder b = builder().autoInstall(source.bool(AUTO_INSTALL, true));
    b.endpoint = MetricsEndpointConfig.from(source).toBuilder();
    String excluded = source.string(EXCLUDED_PATHS, "");
    for (String path : excluded.split(",", -1)) {
      String p = path.trim();
      if (p.isEmpty()) {
        continue;
      }
      if (!p.startsWith("/")) {
        throw new InvalidConfigurationException(EXCLUDED_PATHS, excluded,
            "comma-separated paths starting with '/', such as /health,/static/*");
      }
      b.excludedPaths(p);
    }
    return b.build();
  }

  /** The defaults, to change in code. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.endpoint = endpoint.toBuilder();
    b.excludedPaths.addAll(excludedPaths);
    b.excludeMetricsEndpoint = excludeMetricsEndpoint;
    b.installEndpoint = installEndpoint;
    b.autoInstall = autoInstall;
    return b;
  }

  /** The endpoint's path and credentials. */
  public MetricsEndpointConfig endpoint() {
    return endpoint;
  }

  /** The path of the metrics endpoint, relative to the context path (default {@value #DEFAULT_METRICS_PATH}). */
  public String metricsPath() {
    return endpoint.pathOr(DEFAULT_METRICS_PATH);
  }

  /** Paths whose requests are not recorded: exact paths, or prefixes ending in {@code /*}. */
  public List<String> excludedPaths() {
    return excludedPaths;
  }

  /**
   * Whether the filter leaves requests to {@code path} unrecorded: under an excluded path, or the metrics path unless
   * {@link #excludeMetricsEndpoint()} is off. {@code path} is relative to the context root, as the container resolves
   * it ({@code servletPath + pathInfo}); a route template read as a path is judged the same way.
   *
   * <pre>{@code
   * ServletMetricsConfig.builder().excludedPaths("/internal/*").build().excludesPath("/internal/jobs/{id}");   // true
   * }</pre>
   */
  public boolean excludesPath(String path) {
    return path != null && ExcludedRequests.of(this, List.of()).excludesPath(path, "");
  }

  /** Whether scrapes of the metrics endpoint itself are left out of the HTTP metrics (default true). */
  public boolean excludeMetricsEndpoint() {
    return excludeMetricsEndpoint;
  }

  /** Whether {@link ServletMetrics#install} adds the metrics endpoint as well as the filter (default true). */
  public boolean installEndpoint() {
    return installEndpoint;
  }

  /** Whether the {@code ServletContainerInitializer} installs filter and endpoint (default true). */
  public boolean autoInstall() {
    return autoInstall;
  }

  /** The settings in which {@code requested} differs from this config, one line each; empty when equal. */
  public List<String> differencesFrom(ServletMetricsConfig requested) {
    List<String> diffs = new ArrayList<>(endpoint.differencesFrom(requested.endpoint));
    if (!excludedPaths.equals(requested.excludedPaths)) {
      diffs.add("excluded paths: " + excludedPaths + " installed, " + requested.excludedPaths + " requested");
    }
    if (excludeMetricsEndpoint != requested.excludeMetricsEndpoint) {
      diffs.add("excludeMetricsEndpoint: " + excludeMetricsEndpoint + " installed, "
          + requested.excludeMetricsEndpoint + " requested");
    }
    if (installEndpoint != requested.installEndpoint) {
      diffs.add("installEndpoint: " + installEndpoint + " installed, " + requested.installEndpoint + " requested");
    }
    return diffs;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ServletMetricsConfig other)) {
      return false;
    }
    return endpoint.equals(other.endpoint) && excludedPaths.equals(other.excludedPaths)
        && excludeMetricsEndpoint == other.excludeMetricsEndpoint && installEndpoint == other.installEndpoint
        && autoInstall == other.autoInstall;
  }

  @Override
  public int hashCode() {
    return Objects.hash(endpoint, excludedPaths, excludeMetricsEndpoint, installEndpoint, autoInstall);
  }

  @Override
  public String toString() {
    return "ServletMetricsConfig{metricsPath=" + metricsPath() + ", endpoint=" + endpoint + ", excludedPaths="
        + excludedPaths + ", excludeMetricsEndpoint=" + excludeMetricsEndpoint + ", installEndpoint="
        + installEndpoint + ", autoInstall=" + autoInstall + "}";
  }

  /**
   * Builds a {@link ServletMetricsConfig}; unset values keep their defaults.
   *
   * <pre>{@code
   * ServletMetricsConfig config = ServletMetricsConfig.builder().metricsPath("/metrics").basicAuth("prom", pw).build();
   * }</pre>
   */
  public static final class Builder {
    private MetricsEndpointConfig.Builder endpoint = MetricsEndpointConfig.builder();
    private final List<String> excludedPaths = new ArrayList<>();
    private boolean excludeMetricsEndpoint = true;
    private boolean installEndpoint = true;
    private boolean autoInstall = true;

    private Builder() {}

    /** The endpoint's path and credentials, replacing those set so far. */
    public Builder endpoint(MetricsEndpointConfig endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint").toBuilder();
      return this;
    }

    /**
     * Serves the endpoint at {@code path} instead of {@code PROMETHEUS_METRICS_PATH}.
     *
     * @throws InvalidConfigurationException if it is not a plain absolute path such as {@code /metrics}
     */
    public Builder metricsPath(String path) {
      endpoint.path(path);
      return this;
    }

    /**
     * Adds paths (relative to the context path) whose requests are not recorded; {@code /static/*} is a prefix.
     *
     * @throws InvalidConfigurationException if a path does not start with '/'
     */
    public Builder excludedPaths(String... paths) {
      for (String p : paths) {
        if (p == null || !p.startsWith("/")) {
          throw new InvalidConfigurationException(EXCLUDED_PATHS, String.valueOf(p), "a path starting with '/'");
        }
        excludedPaths.add(p);
      }
      return this;
    }

    /** {@code false} records scrapes of the metrics endpoint like any other request. */
    public Builder excludeMetricsEndpoint(boolean exclude) {
      this.excludeMetricsEndpoint = exclude;
      return this;
    }

    /** {@code false} makes {@link ServletMetrics#install} add the filter only. */
    public Builder installEndpoint(boolean install) {
      this.installEndpoint = install;
      return this;
    }

    /** {@code false} turns the {@code ServletContainerInitializer} off. */
    public Builder autoInstall(boolean autoInstall) {
      this.autoInstall = autoInstall;
      return this;
    }

    /**
     * Requires {@code Authorization: Bearer <token>} on the endpoint.
     *
     * @throws InvalidConfigurationException if the token is empty
     */
    public Builder bearerToken(String token) {
      endpoint.bearerToken(token);
      return this;
    }

    /**
     * Requires HTTP basic auth with these credentials on the endpoint.
     *
     * @throws InvalidConfigurationException if a credential is empty or the name contains ':'
     */
    public Builder basicAuth(String username, String password) {
      endpoint.basicAuth(username, password);
      return this;
    }

    /** The immutable config. */
    public ServletMetricsConfig build() {
      return new ServletMetricsConfig(this);
    }
  }
}
