package io.pybase.metrics.test;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Prometheus text exposition: sample values by name and labels.
 *
 * <pre>{@code
 * Exposition scrape = Exposition.parse(body);
 * double n = scrape.value("http_requests_total", "method", "GET", "endpoint", "/x", "status", "200");
 * }</pre>
 */
public final class Exposition {

  private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+).*$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final String text;
  private final Map<String, Map<Map<String, String>, Double>> samples = new HashMap<>();

  private Exposition(String text) {
    this.text = text;
  }

  /** Parses the text format ({@code text/plain; version=0.0.4}). */
  public static Exposition parse(String text) {
    Exposition s = new Exposition(text);
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      s.samples.computeIfAbsent(m.group(1), k -> new HashMap<>()).put(labels, Double.parseDouble(m.group(4)));
    }
    return s;
  }

  /** The text exposition of {@code registry} (what its scrape endpoint would answer), parsed. */
  public static Exposition of(PrometheusRegistry registry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return parse(out.toString(StandardCharsets.UTF_8));
  }

  /** The exposition as it was parsed. */
  public String text() {
    return text;
  }

  /** The value of {@code name} with exactly these labels ({@code "k1", "v1", "k2", "v2"...}), 0 when absent. */
  public double value(String name, String... labelPairs) {
    return samples.getOrDefault(name, Map.of()).getOrDefault(labels(labelPairs), 0.0);
  }

  /** Whether the exposition has a sample of {@code name} with exactly these labels, whatever its value (0 too). */
  public boolean hasSample(String name, String... labelPairs) {
    return samples.getOrDefault(name, Map.of()).containsKey(labels(labelPairs));
  }

  /** {@code http_requests_total{method, endpoint, status}}, 0 when absent. */
  public double requests(String method, String endpoint, int status) {
    return value("http_requests_total", "method", method, "endpoint", endpoint, "status", Integer.toString(status));
  }

  /** {@code celery_task_total{task_name, status}}, 0 when absent. */
  public double tasks(String taskName, String status) {
    return value("celery_task_total", "task_name", taskName, "status", status);
  }

  private static Map<String, String> labels(String... labelPairs) {
    Map<String, String> labels = new TreeMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      labels.put(labelPairs[i], labelPairs[i + 1]);
    }
    return labels;
  }

  /** Every value {@code label} takes across the samples of {@code name}. */
  public Set<String> labelValues(String name, String label) {
    Set<String> values = new TreeSet<>();
    for (Map<String, String> labels : samples.getOrDefault(name, Map.of()).keySet()) {
      if (labels.containsKey(label)) {
        values.add(labels.get(label));
      }
    }
    return values;
  }

  /** Sum of {@code name} over every sample. */
  public double sum(String name) {
    double sum = 0;
    for (double v : samples.getOrDefault(name, Map.of()).values()) {
      sum += v;
    }
    return sum;
  }

  /** Sum of {@code name} over the samples whose {@code label} is {@code value}. */
  public double sumWhere(String name, String label, String value) {
    double sum = 0;
    for (Map.Entry<Map<String, String>, Double> e : samples.getOrDefault(name, Map.of()).entrySet()) {
      if (value.equals(e.getKey().get(label))) {
        sum += e.getValue();
      }
    }
    return sum;
  }
}
