package io.pybase.metrics.servlet;

import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Immutable settings of the servlet integration: excluded paths, endpoint protection and installation switches.
 * The metrics path itself is {@code PROMETHEUS_METRICS_PATH} of {@link PyBaseMetricsConfig}, unless set here.
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
 *   <tr><td>PROMETHEUS_METRICS_BEARER_TOKEN</td><td>unset: no token</td></tr>
 *   <tr><td>PROMETHEUS_METRICS_USERNAME, PROMETHEUS_METRICS_PASSWORD</td><td>unset: no basic auth (set both or
 *       neither)</td></tr>
 *   <tr><td>PROMETHEUS_METRICS_EXCLUDED_PATHS</td><td>none (comma-separated; exact paths or prefixes ending in
 *       {@code /*})</td></tr>
 *   <tr><td>PROMETHEUS_SERVLET_AUTO_INSTALL</td><td>true</td></tr>
 * </table>
 */
public final class ServletMetricsConfig {

  public static final String BEARER_TOKEN = "PROMETHEUS_METRICS_BEARER_TOKEN";
  public static final String USERNAME = "PROMETHEUS_METRICS_USERNAME";
  public static final String PASSWORD = "PROMETHEUS_METRICS_PASSWORD";
  public static final String EXCLUDED_PATHS = "PROMETHEUS_METRICS_EXCLUDED_PATHS";
  public static final String AUTO_INSTALL = "PROMETHEUS_SERVLET_AUTO_INSTALL";

  private final String metricsPath;
  private final List<String> excludedPaths;
  private final boolean excludeMetricsEndpoint;
  private final boolean installEndpoint;
  private final boolean autoInstall;
  private final String bearerToken;
  private final String username;
  private final String password;

  private ServletMetricsConfig(Builder b) {
    this.metricsPath = b.metricsPath;
    this.excludedPaths = List.copyOf(b.excludedPaths);
    this.excludeMetricsEndpoint = b.excludeMetricsEndpoint;
    this.installEndpoint = b.installEndpoint;
    this.autoInstall = b.autoInstall;
    this.bearerToken = b.bearerToken;
    this.username = b.username;
    this.password = b.password;
  }

  /** Defaults overridden by system properties and environment variables. */
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
    String token = source.string(BEARER_TOKEN, null);
    if (token != null) {
      b.bearerToken(token);
    }
    String user = source.string(USERNAME, null);
    String pass = source.string(PASSWORD, null);
    if ((user == null) != (pass == null)) {
      String missing = user == null ? USERNAME : PASSWORD;
      throw new InvalidConfigurationException(missing, "", "set together with "
          + (user == null ? PASSWORD : USERNAME) + " (both or neither)");
    }
    if (user != null) {
      b.basicAuth(user, pass);
    }
    String excluded = source.string(EXCLUDED_PATHS, "");
    for (String path : excluded.split(",")) {
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

  /** The metrics path: the one set here, else {@code metrics.metricsPath()} ({@code PROMETHEUS_METRICS_PATH}). */
  public String metricsPath(PyBaseMetricsConfig metrics) {
    return metricsPath != null ? metricsPath : metrics.metricsPath();
  }

  /** Paths whose requests are not recorded: exact paths, or prefixes ending in {@code /*}. */
  public List<String> excludedPaths() {
    return excludedPaths;
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

  /** The bearer token the endpoint requires, or {@code null}. */
  public String bearerToken() {
    return bearerToken;
  }

  /** The basic-auth user the endpoint requires, or {@code null}. */
  public String username() {
    return username;
  }

  /** The basic-auth password the endpoint requires, or {@code null}. */
  public String password() {
    return password;
  }

  @Override
  public String toString() {
    return "ServletMetricsConfig{metricsPath=" + metricsPath + ", excludedPaths=" + excludedPaths
        + ", excludeMetricsEndpoint=" + excludeMetricsEndpoint + ", installEndpoint=" + installEndpoint
        + ", autoInstall=" + autoInstall + ", bearerToken=" + (bearerToken == null ? "unset" : "set")
        + ", basicAuth=" + (username == null ? "unset" : "set") + "}";
  }

  /** Builds a {@link ServletMetricsConfig}; unset values keep their defaults. */
  public static final class Builder {
    private String metricsPath;
    private final List<String> excludedPaths = new ArrayList<>();
    private boolean excludeMetricsEndpoint = true;
    private boolean installEndpoint = true;
    private boolean autoInstall = true;
    private String bearerToken;
    private String username;
    private String password;

    private Builder() {}

    /** Serves the endpoint at {@code path} instead of {@code PROMETHEUS_METRICS_PATH}. */
    public Builder metricsPath(String path) {
      if (path == null || !path.startsWith("/") || path.endsWith("/*")) {
        throw new InvalidConfigurationException(PyBaseMetricsConfig.METRICS_PATH, String.valueOf(path),
            "a path starting with '/', such as /metrics");
      }
      this.metricsPath = path;
      return this;
    }

    /** Adds paths (relative to the context path) whose requests are not recorded; {@code /static/*} is a prefix. */
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

    /** Requires {@code Authorization: Bearer <token>} on the endpoint. */
    public Builder bearerToken(String token) {
      if (token == null || token.isBlank()) {
        throw new InvalidConfigurationException(BEARER_TOKEN, "", "a non-empty token");
      }
      this.bearerToken = token;
      return this;
    }

    /** Requires HTTP basic auth with these credentials on the endpoint. */
    public Builder basicAuth(String username, String password) {
      if (username == null || username.isEmpty() || username.indexOf(':') >= 0) {
        throw new InvalidConfigurationException(USERNAME, String.valueOf(username), "a non-empty name without ':'");
      }
      if (password == null || password.isEmpty()) {
        throw new InvalidConfigurationException(PASSWORD, "", "a non-empty password");
      }
      this.username = username;
      this.password = password;
      return this;
    }

    public ServletMetricsConfig build() {
      return new ServletMetricsConfig(this);
    }
  }
}
