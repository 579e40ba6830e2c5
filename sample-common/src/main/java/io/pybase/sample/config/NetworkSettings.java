package io.pybase.sample.config;

import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import java.util.regex.Pattern;

/**
 * The samples' address and port settings, read and checked like every other setting: {@code BIND_HOST},
 * {@code API_PORT}, {@code EXTRACTION_METRICS_PORT}, {@code SEARCH_METRICS_PORT}.
 *
 * <pre>{@code
 * String host = NetworkSettings.bindHost(ConfigSource.system(), "0.0.0.0");
 * int port = NetworkSettings.port(ConfigSource.system(), "API_PORT", 8000);   // 0: any free port
 * }</pre>
 */
public final class NetworkSettings {

  /** An IPv4 or IPv6 literal or a host name: letters, digits, dots, hyphens and colons. */
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:-]{1,253}");

  private NetworkSettings() {}

  /**
   * {@code BIND_HOST}: the address the API and the metrics ports listen on, or {@code defaultValue} when unset.
   *
   * @throws InvalidConfigurationException when it is not an address or a host name
   */
  public static String bindHost(ConfigSource source, String defaultValue) {
    String value = source.string("BIND_HOST", defaultValue);
    if (!HOST.matcher(value).matches()) {
      throw new InvalidConfigurationException("BIND_HOST", value,
          "an IP address or host name of this machine, such as 127.0.0.1 or 0.0.0.0");
    }
    return value;
  }

  /**
   * A port setting from 0 to 65535 (0: any free port, as the library's {@code PROMETHEUS_METRICS_PORT}), or
   * {@code defaultValue} when unset.
   *
   * @throws InvalidConfigurationException when it is not such an integer
   */
  public static int port(ConfigSource source, String variable, int defaultValue) {
    String value = source.get(variable);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidConfigurationException(variable, value, "an integer from 0 to 65535 (0: any free port)");
  }
}
