package io.pybase.metrics.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of a metric catalogue ({@code PyBaseMetrics}), read once at start-up. Two configs with the same
 * settings are {@linkplain #equals equal}: registering a catalogue again on a registry returns the existing one only
 * when the configs are equal (see {@code PyBaseMetrics.register}).
 *
 * <pre>{@code
 * PyBaseMetricsConfig config = PyBaseMetricsConfig.fromEnvironment();        // env vars and -D properties
 * PyBaseMetricsConfig custom = PyBaseMetricsConfig.builder()
 *     .maxLabelValues(50)
 *     .nativeHistograms("api_latency_histogram", true)
 *     .build();
 * }</pre>
 *
 * <table>
 *   <caption>Variables (system property: lower case, dots for underscores) and defaults</caption>
 *   <tr><td>PROMETHEUS_ENABLED</td><td>true; false turns every recording call into a no-op and the endpoints
 *       off</td></tr>
 *   <tr><td>PROMETHEUS_MAX_LABEL_VALUES</td><td>100 (1 to 10000)</td></tr>
 *   <tr><td>PROMETHEUS_NATIVE_HISTOGRAMS</td><td>false (true, false, or a comma-separated list of the catalogue's
 *       histogram names)</td></tr>
 *   <tr><td>PROMETHEUS_JVM_METRICS</td><td>true</td></tr>
 * </table>
 *
 * <p>Where the metrics are served (path, credentials, port) is not part of the catalogue: see
 * {@code io.pybase.metrics.endpoint.MetricsEndpointConfig}.
 */
public final class PyBaseMetricsConfig {

  /** {@code PROMETHEUS_ENABLED}. */
  public static final String ENABLED = "PROMETHEUS_ENABLED";
  /** {@code PROMETHEUS_MAX_LABEL_VALUES}. */
  public static final String MAX_LABEL_VALUES = "PROMETHEUS_MAX_LABEL_VALUES";
  /** {@code PROMETHEUS_NATIVE_HISTOGRAMS}. */
  public static final String NATIVE_HISTOGRAMS = "PROMETHEUS_NATIVE_HISTOGRAMS";
  /** {@code PROMETHEUS_JVM_METRICS}. */
  public static final String JVM_METRICS = "PROMETHEUS_JVM_METRICS";

  /** Default of {@link #maxLabelValues()}. */
  public static final int DEFAULT_MAX_LABEL_VALUES = 100;
  /** Upper limit of {@link #maxLabelValues()}. */
  public static final int MAX_MAX_LABEL_VALUES = 10_000;

  private static final Pattern COMMA = Pattern.compile(",");
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private final boolean enabled;
  private final int maxLabelValues;
  private final boolean nativeHistograms;
  private final Map<String, Boolean> nativeHistogramsByMetric;
  private final boolean jvmMetrics;

  private PyBaseMetricsConfig(Builder b) {
    this.enabled = b.enabled;
    this.maxLabelValues = b.maxLabelValues;
    this.nativeHistograms = b.nativeHistograms;
    this.nativeHistogramsByMetric = Collections.unmodifiableMap(new TreeMap<>(b.nativeHistogramsByMetric));
    this.jvmMetrics = b.jvmMetrics;
  }

  /**
   * Defaults overridden by system properties and environment variables.
   *
   * @throws InvalidConfigurationException on the first bad value
   */
  public static PyBaseMetricsConfig fromEnvironment() {
    return from(ConfigSource.system());
  }

  /**
   * Reads every setting from {@code source}. Histogram names in {@code PROMETHEUS_NATIVE_HISTOGRAMS} are checked
   * against the catalogue when it is registered.
   *
   * @throws InvalidConfigurationException on the first bad value
   */
  public static PyBaseMetricsConfig from(ConfigSource source) {
    Builder b = builder()
        .enabled(source.bool(ENABLED, true))
        .jvmMetrics(source.bool(JVM_METRICS, true))
        .maxLabelValues(source.integer(MAX_LABEL_VALUES, DEFAULT_MAX_LABEL_VALUES, 1, MAX_MAX_LABEL_VALUES));
    String nativeSetting = source.string(NATIVE_HISTOGRAMS, "false");
    String lower = nativeSetting.toLowerCase(Locale.ROOT);
    if (lower.equals("true") || lower.equals("false")) {
      b.nativeHistograms(lower.equals("true"));
    } else {
      for (String name : COMMA.split(nativeSetting, -1)) {
        String metric = name.trim();
        if (!METRIC_NAME.matcher(metric).matches()) {
          throw new InvalidConfigurationException(
              NATIVE_HISTOGRAMS, nativeSetting, "true, false, or a comma-separated list of histogram names");
        }
        b.nativeHistograms(metric, true);
      }
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
    b.enabled = enabled;
    b.maxLabelValues = maxLabelValues;
    b.nativeHistograms = nativeHistograms;
    b.nativeHistogramsByMetric.putAll(nativeHistogramsByMetric);
    b.jvmMetrics = jvmMetrics;
    return b;
  }

  /** {@code false} turns every recording call into a no-op and the metrics endpoints off. */
  public boolean enabled() {
    return enabled;
  }

  /** Distinct values a label fed by untrusted input may take before new values fold into the overflow value. */
  public int maxLabelValues() {
    return maxLabelValues;
  }

  /** Whether histogram {@code metricName} also keeps a native histogram (the classic buckets stay). */
  public boolean nativeHistograms(String metricName) {
    Boolean perMetric = nativeHistogramsByMetric.get(metricName);
    return perMetric != null ? perMetric : nativeHistograms;
  }

  /** The histogram names given one by one ({@link Builder#nativeHistograms(String, boolean)}), sorted. */
  public java.util.Set<String> nativeHistogramNames() {
    return Collections.unmodifiableSet(new TreeSet<>(nativeHistogramsByMetric.keySet()));
  }

  /** Whether JVM and process metrics are registered. */
  public boolean jvmMetrics() {
    return jvmMetrics;
  }

  /**
   * The settings in which {@code requested} differs from this config, one readable line each, e.g.
   * {@code "jvmMetrics: true registered, false requested"}; empty when the configs are equal.
   */
  public List<String> differencesFrom(PyBaseMetricsConfig requested) {
    List<String> diffs = new ArrayList<>();
    diff(diffs, "enabled", enabled, requested.enabled);
    diff(diffs, "maxLabelValues", maxLabelValues, requested.maxLabelValues);
    diff(diffs, "nativeHistograms", nativeHistograms, requested.nativeHistograms);
    diff(diffs, "nativeHistograms per metric", nativeHistogramsByMetric, requested.nativeHistogramsByMetric);
    diff(diffs, "jvmMetrics", jvmMetrics, requested.jvmMetrics);
    return diffs;
  }

  private static void diff(List<String> diffs, String name, Object registered, Object requested) {
    if (!registered.equals(requested)) {
      diffs.add(name + ": " + registered + " registered, " + requested + " requested");
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PyBaseMetricsConfig other)) {
      return false;
    }
    return enabled == other.enabled && maxLabelValues == other.maxLabelValues
        && nativeHistograms == other.nativeHistograms && jvmMetrics == other.jvmMetrics
        && nativeHistogramsByMetric.equals(other.nativeHistogramsByMetric);
  }

  @Override
  public int hashCode() {
    return Objects.hash(enabled, maxLabelValues, nativeHistograms, nativeHistogramsByMetric, jvmMetrics);
  }

  @Override
  public String toString() {
    return "PyBaseMetricsConfig{enabled=" + enabled + ", maxLabelValues=" + maxLabelValues + ", nativeHistograms="
        + nativeHistograms + (nativeHistogramsByMetric.isEmpty() ? "" : " " + nativeHistogramsByMetric)
        + ", jvmMetrics=" + jvmMetrics + "}";
  }

  /**
   * Builds a {@link PyBaseMetricsConfig}; unset values keep their defaults.
   *
   * <pre>{@code
   * PyBaseMetricsConfig config = PyBaseMetricsConfig.builder().maxLabelValues(200).jvmMetrics(false).build();
   * }</pre>
   */
  public static final class Builder {
    private boolean enabled = true;
    private int maxLabelValues = DEFAULT_MAX_LABEL_VALUES;
    private boolean nativeHistograms;
    private final Map<String, Boolean> nativeHistogramsByMetric = new TreeMap<>();
    private boolean jvmMetrics = true;

    private Builder() {}

    /** {@code false} turns recording and the endpoints off (default true). */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Distinct values per capped label (default 100).
     *
     * @throws InvalidConfigurationException outside 1 to {@value #MAX_MAX_LABEL_VALUES}
     */
    public Builder maxLabelValues(int maxLabelValues) {
      if (maxLabelValues < 1 || maxLabelValues > MAX_MAX_LABEL_VALUES) {
        throw new InvalidConfigurationException(MAX_LABEL_VALUES, String.valueOf(maxLabelValues),
            "an integer from 1 to " + MAX_MAX_LABEL_VALUES);
      }
      this.maxLabelValues = maxLabelValues;
      return this;
    }

    /** Native histograms for every histogram of the catalogue (classic buckets are always kept). */
    public Builder nativeHistograms(boolean on) {
      this.nativeHistograms = on;
      return this;
    }

    /**
     * Native histograms on or off for one histogram, whatever the global switch says. The name is checked against
     * the catalogue's histograms when the catalogue is registered.
     *
     * @throws InvalidConfigurationException if {@code metricName} is not a valid metric name
     */
    public Builder nativeHistograms(String metricName, boolean on) {
      if (metricName == null || !METRIC_NAME.matcher(metricName).matches()) {
        throw new InvalidConfigurationException(NATIVE_HISTOGRAMS, String.valueOf(metricName), "a histogram name");
      }
      nativeHistogramsByMetric.put(metricName, on);
      return this;
    }

    /** {@code false} leaves JVM and process metrics out (default true). */
    public Builder jvmMetrics(boolean jvmMetrics) {
      this.jvmMetrics = jvmMetrics;
      return this;
    }

    /** The immutable config. */
    public PyBaseMetricsConfig build() {
      return new PyBaseMetricsConfig(this);
    }
  }
}
