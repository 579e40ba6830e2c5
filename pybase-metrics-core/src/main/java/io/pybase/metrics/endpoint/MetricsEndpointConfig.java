package io.pybase.metrics.endpoint;

import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of a metrics endpoint, whatever serves it (the servlet endpoint, the worker's or a standalone
 * metrics server): its path and the credentials a scrape must carry. One policy, read the same way for every
 * transport; each transport adapts {@link ScrapeAuthentication} to its own request type.
 *
 * <pre>{@code
 * MetricsEndpointConfig endpoint = MetricsEndpointConfig.fromEnvironment();
 * MetricsEndpointConfig custom = MetricsEndpointConfig.builder()
 *     .path("/internal/metrics")
 *     .bearerToken(System.getenv("SCRAPE_TOKEN"))
 *     .build();
 * String path = custom.pathOr("/metrics");                     // the transport's default when no path is set
 * }</pre>
 *
 * <table>
 *   <caption>Variables (system property: lower case, dots for underscores) and defaults</caption>
 *   <tr><td>PROMETHEUS_METRICS_PATH</td><td>unset: the transport's default ({@code /api/v1/metrics} on the servlet
 *       endpoint, {@code /metrics} on a metrics server)</td></tr>
 *   <tr><td>PROMETHEUS_METRICS_BEARER_TOKEN</td><td>unset: no token. Set but empty: start-up fails</td></tr>
 *   <tr><td>PROMETHEUS_METRICS_USERNAME, PROMETHEUS_METRICS_PASSWORD</td><td>unset: no basic auth (set both or
 *       neither). Set but empty: start-up fails</td></tr>
 * </table>
 *
 * <p>With a token and basic credentials both set, a scrape may carry either. Equal settings make equal configs;
 * {@link #toString()} never shows a secret.
 */
public final class MetricsEndpointConfig {

  /** {@code PROMETHEUS_METRICS_PATH}. */
  public static final String PATH = "PROMETHEUS_METRICS_PATH";
  /** {@code PROMETHEUS_METRICS_BEARER_TOKEN}. */
  public static final String BEARER_TOKEN = "PROMETHEUS_METRICS_BEARER_TOKEN";
  /** {@code PROMETHEUS_METRICS_USERNAME}. */
  public static final String USERNAME = "PROMETHEUS_METRICS_USERNAME";
  /** {@code PROMETHEUS_METRICS_PASSWORD}. */
  public static final String PASSWORD = "PROMETHEUS_METRICS_PASSWORD";

  private static final Pattern PATH_PATTERN = Pattern.compile("/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*");
  private static final String PATH_ALLOWED = "a path such as /metrics: '/' then segments of letters, digits, "
      + "'.', '_', '~' or '-' separated by single '/', no trailing '/' or wildcard";

  private final @Nullable String path;
  private final @Nullable String bearerToken;
  private final @Nullable String username;
  private final @Nullable String password;

  private MetricsEndpointConfig(Builder b) {
    this.path = b.path;
    this.bearerToken = b.bearerToken;
    this.username = b.username;
    this.password = b.password;
  }

  /**
   * Settings from system properties and environment variables.
   *
   * @throws InvalidConfigurationException on the first bad value
   */
  public static MetricsEndpointConfig fromEnvironment() {
    return from(ConfigSource.system());
  }

  /**
   * Reads every setting from {@code source}.
   *
   * @throws InvalidConfigurationException on the first bad value, e.g. an empty token or a password without a user
   */
  public static MetricsEndpointConfig from(ConfigSource source) {
    Builder b = builder();
    String path = source.string(PATH);
    if (path != null) {
      b.path(path);
    }
    String token = source.secret(BEARER_TOKEN);
    if (token != null) {
      b.bearerToken(token);
    }
    String user = source.secret(USERNAME);
    String pass = source.secret(PASSWORD);
    if ((user == null) != (pass == null)) {
      // named by the one that is set: that is where the user looks, and where an integration can say it came from
      String missing = user == null ? USERNAME : PASSWORD;
      String present = user == null ? PASSWORD : USERNAME;
      throw InvalidConfigurationException.secret(present, missing + " set as well (basic auth needs both, or neither)");
    }
    if (user != null) {
      b.basicAuth(user, pass);
    }
    return b.build();
  }

  /** The defaults (no path of its own, no credentials), to change in code. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.path = path;
    b.bearerToken = bearerToken;
    b.username = username;
    b.password = password;
    return b;
  }

  /** The path set here or in {@code PROMETHEUS_METRICS_PATH}, or {@code null}: the transport decides. */
  public @Nullable String path() {
    return path;
  }

  /** The path set here, else {@code transportDefault}. */
  public String pathOr(String transportDefault) {
    return path != null ? path : transportDefault;
  }

  /** The bearer token a scrape must carry, or {@code null}. */
  public @Nullable String bearerToken() {
    return bearerToken;
  }

  /** The basic-auth user a scrape must carry, or {@code null}. */
  public @Nullable String username() {
    return username;
  }

  /** The basic-auth password a scrape must carry, or {@code null}. */
  public @Nullable String password() {
    return password;
  }

  /** Whether a scrape must carry credentials. */
  public boolean requiresAuthentication() {
    return bearerToken != null || username != null;
  }

  /**
   * The settings in which {@code requested} differs from this config, one line each (secrets shown as set or
   * unset only); empty when equal.
   */
  public List<String> differencesFrom(MetricsEndpointConfig requested) {
    List<String> diffs = new ArrayList<>();
    if (!Objects.equals(path, requested.path)) {
      diffs.add("metrics path: " + path + " installed, " + requested.path + " requested");
    }
    if (!Objects.equals(bearerToken, requested.bearerToken)) {
      diffs.add("bearer token: " + state(bearerToken) + " installed, " + state(requested.bearerToken)
          + (bearerToken != null && requested.bearerToken != null ? " (a different one)" : "") + " requested");
    }
    if (!Objects.equals(username, requested.username) || !Objects.equals(password, requested.password)) {
      diffs.add("basic auth: " + state(username) + " installed, " + state(requested.username)
          + (username != null && requested.username != null ? " (different credentials)" : "") + " requested");
    }
    return diffs;
  }

  private static String state(@Nullable String secret) {
    return secret == null ? "unset" : "set";
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof MetricsEndpointConfig other)) {
      return false;
    }
    return Objects.equals(path, other.path) && Objects.equals(bearerToken, other.bearerToken)
        && Objects.equals(username, other.username) && Objects.equals(password, other.password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, bearerToken, username, password);
  }

  @Override
  public String toString() {
    return "MetricsEndpointConfig{path=" + (path == null ? "transport default" : path) + ", bearerToken="
        + state(bearerToken) + ", basicAuth=" + state(username) + "}";
  }

  /**
   * Builds a {@link MetricsEndpointConfig}.
   *
   * <pre>{@code
   * MetricsEndpointConfig config = MetricsEndpointConfig.builder().basicAuth("prometheus", password).build();
   * }</pre>
   */
  public static final class Builder {
    private @Nullable String path;
    private @Nullable String bearerToken;
    private @Nullable String username;
    private @Nullable String password;

    private Builder() {}

    /**
     * Serves the endpoint at {@code path} instead of the transport's default.
     *
     * @throws InvalidConfigurationException if it is not a plain absolute path such as {@code /metrics}
     */
    public Builder path(String path) {
      if (path == null || !PATH_PATTERN.matcher(path).matches()) {
        throw new InvalidConfigurationException(PATH, String.valueOf(path), PATH_ALLOWED);
      }
      this.path = path;
      return this;
    }

    /**
     * Requires {@code Authorization: Bearer <token>}.
     *
     * @throws InvalidConfigurationException if the token is null, blank, or has surrounding whitespace
     */
    public Builder bearerToken(String token) {
      if (token == null || token.isBlank()) {
        throw InvalidConfigurationException.blankSecret(BEARER_TOKEN);
      }
      if (!token.equals(token.strip())) {
        throw InvalidConfigurationException.secret(BEARER_TOKEN, "a token without leading or trailing whitespace");
      }
      this.bearerToken = token;
      return this;
    }

    /**
     * Requires HTTP basic auth with these credentials.
     *
     * @throws InvalidConfigurationException if the user is empty or contains ':', or the password is empty
     */
    public Builder basicAuth(String username, String password) {
      if (username == null || username.isBlank()) {
        throw InvalidConfigurationException.blankSecret(USERNAME);
      }
      if (username.indexOf(':') >= 0) {
        throw InvalidConfigurationException.secret(USERNAME, "a name without ':'");
      }
      if (password == null || password.isBlank()) {
        throw InvalidConfigurationException.blankSecret(PASSWORD);
      }
      this.username = username;
      this.password = password;
      return this;
    }

    /** The immutable config. */
    public MetricsEndpointConfig build() {
      return new MetricsEndpointConfig(this);
    }
  }
}
