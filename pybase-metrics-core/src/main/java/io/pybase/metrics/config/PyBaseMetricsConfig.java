package io.pybase.metrics.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Immutable settings of the library, read once at start-up.
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
 *   <caption>Variables (system property in brackets) and defaults</caption>
 *   <tr><td>PROMETHEUS_ENABLED (prometheus.enabled)</td><td>true</td></tr>
 *   <tr><td>PROMETHEUS_METRICS_PATH</td><td>/api/v1/metrics</td></tr>
 *   <tr><td>PROMETHEUS_METRICS_PORT</td><td>9090</td></tr>
 *   <tr><td>WORKER_NAME</td><td>worker</td></tr>
 *   <tr><td>PROMETHEUS_MAX_LABEL_VALUES</td><td>100</td></tr>
 *   <tr><td>PROMETHEUS_NATIVE_HISTOGRAMS</td><td>false (true, false, or a comma-separated list of metric names)</td></tr>
 *   <tr><td>PROMETHEUS_JVM_METRICS</td><td>true</td></tr>
 * </table>
 */
public final class PyBaseMetricsConfig {

  public static final String ENABLED = "PROMETHEUS_ENABLED";
  public static final String METRICS_PATH = "PROMETHEUS_METRICS_PATH";
  public static final String METRICS_PORT = "PROMETHEUS_METRICS_PORT";
  public static final String WORKER_NAME = "WORKER_NAME";
  public static final String MAX_LABEL_VALUES = "PROMETHEUS_MAX_LABEL_VALUES";
  public static final String NATIVE_HISTOGRAMS = "PROMETHEUS_NATIVE_HISTOGRAMS";
  public static final String JVM_METRICS = "PROMETHEUS_JVM_METRICS";

  public static final String DEFAULT_METRICS_PATH = "/api/v1/metrics";
  public static final int DEFAULT_METRICS_PORT = 9090;
  public static final String DEFAULT_WORKER_NAME = "worker";
  public static final int DEFAULT_MAX_LABEL_VALUES = 100;
  /** Upper limit of {@link #maxLabelValues()}. */
  public static final int MAX_MAX_LABEL_VALUES = 10_000;

  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~/-]*");
  private static final Pattern WORKER = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Pattern COMMA = Pattern.compile(",");
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private final boolean enabled;
  private final String metricsPath;
  private final int metricsPort;
  private final String workerName;
  private final int maxLabelValues;
  private final boolean nativeHistograms;
  private final Map<String, Boolean> nativeHistogramsByMetric;
  private final boolean jvmMetrics;

  private PyBaseMetricsConfig(Builder b) {
    this.enabled = b.enabled;
    this.metricsPath = b.metricsPath;
    this.metricsPort = b.metricsPort;
    this.workerName = b.workerName;
    this.maxLabelValues = b.maxLabelValues;
    this.nativeHistograms = b.nativeHistograms;
    this.nativeHistogramsByMetric = Collections.unmodifiableMap(new HashMap<>(b.nativeHistogramsByMetric));
    this.jvmMetrics = b.jvmMetrics;
  }

  /** Defaults overridden by system properties and environment variables. */
  public static PyBaseMetricsConfig fromEnvironment() {
    return from(ConfigSource.system());
  }

  /**
   * Reads every setting from {@code source}.
   *
   * @throws InvalidConfigurationException on the first bad value
   */
  public static PyBaseMetricsConfig from(ConfigSource source) {
    Builder b = builder()
        .enabled(source.bool(ENABLED, true))
        .metricsPort(source.port(METRICS_PORT, DEFAULT_METRICS_PORT))
        .jvmMetrics(source.bool(JVM_METRICS, true));
    String path = source.string(METRICS_PATH, DEFAULT_METRICS_PATH);
    if (!PATH.matcher(path).matches()) {
      throw new InvalidConfigurationException(METRICS_PATH, path, "a path starting with '/', such as /metrics");
    }
    b.metricsPath(path);
    String worker = source.string(WORKER_NAME, DEFAULT_WORKER_NAME);
    if (!WORKER.matcher(worker).matches()) {
      throw new InvalidConfigurationException(WORKER_NAME, worker, "1 to 64 letters, digits, '_', '.' or '-'");
    }
    b.workerName(worker);
    b.maxLabelValues(source.integer(MAX_LABEL_VALUES, DEFAULT_MAX_LABEL_VALUES, 1, MAX_MAX_LABEL_VALUES));
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
    b.metricsPath = metricsPath;
    b.metricsPort = metricsPort;
    b.workerName = workerName;
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

  /** Path of the API's metrics endpoint. */
  public String metricsPath() {
    return metricsPath;
  }

  /** Port of a worker's metrics HTTP server. */
  public int metricsPort() {
    return metricsPort;
  }

  /** The worker's name, the {@code worker_name} label of the worker gauges. */
  public String workerName() {
    return workerName;
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

  /** Whether JVM and process metrics are registered. */
  public boolean jvmMetrics() {
    return jvmMetrics;
  }

  @Override
  public String toString() {
    return "PyBaseMetricsConfig{enabled=" + enabled + ", metricsPath=" + metricsPath + ", metricsPort=" + metricsPort
        + ", workerName=" + workerName + ", maxLabelValues=" + maxLabelValues + ", nativeHistograms="
        + nativeHistograms + nativeHistogramsByMetric + ", jvmMetrics=" + jvmMetrics + "}";
  }

  /** Builds a {@link PyBaseMetricsConfig}; unset values keep their defaults. */
  public static final class Builder {
    private boolean enabled = true;
    private String metricsPath = DEFAULT_METRICS_PATH;
    private int metricsPort = DEFAULT_METRICS_PORT;
    private String workerName = DEFAULT_WORKER_NAME;
    private int maxLabelValues = DEFAULT_MAX_LABEL_VALUES;
    private boolean nativeHistograms;
    private final Map<String, Boolean> nativeHistogramsByMetric = new HashMap<>();
    private boolean jvmMetrics = true;

    private Builder() {}

    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    public Builder metricsPath(String metricsPath) {
      if (metricsPath == null || !metricsPath.startsWith("/")) {
        throw new InvalidConfigurationException(METRICS_PATH, String.valueOf(metricsPath), "a path starting with '/'");
      }
      this.metricsPath = metricsPath;
      return this;
    }

    public Builder metricsPort(int metricsPort) {
      if (metricsPort < 1 || metricsPort > 65535) {
        throw new InvalidConfigurationException(METRICS_PORT, String.valueOf(metricsPort), "an integer from 1 to 65535");
      }
      this.metricsPort = metricsPort;
      return this;
    }

    public Builder workerName(String workerName) {
      if (workerName == null || !WORKER.matcher(workerName).matches()) {
        throw new InvalidConfigurationException(WORKER_NAME, String.valueOf(workerName),
            "1 to 64 letters, digits, '_', '.' or '-'");
      }
      this.workerName = workerName;
      return this;
    }

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

    /** Native histograms on or off for one histogram, whatever the global switch says. */
    public Builder nativeHistograms(String metricName, boolean on) {
      nativeHistogramsByMetric.put(metricName, on);
      return this;
    }

    public Builder jvmMetrics(boolean jvmMetrics) {
      this.jvmMetrics = jvmMetrics;
      return this;
    }

    public PyBaseMetricsConfig build() {
      return new PyBaseMetricsConfig(this);
    }
  }
}
