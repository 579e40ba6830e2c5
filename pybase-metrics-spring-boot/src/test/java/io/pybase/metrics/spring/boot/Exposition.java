package io.pybase.metrics.spring.boot;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed Prometheus text exposition: sample values by metric name and labels. */
final class Exposition {

  private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+).*$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final String text;
  private final Map<String, Map<Map<String, String>, Double>> samples = new HashMap<>();

  private Exposition(String text) {
    this.text = text;
  }

  static Exposition parse(String text) {
    Exposition e = new Exposition(text);
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
      e.samples.computeIfAbsent(m.group(1), k -> new HashMap<>()).put(labels, Double.parseDouble(m.group(4)));
    }
    return e;
  }

  /** The value of {@code name} with exactly these labels ({@code "k1", "v1", ...}), 0 when absent. */
  double value(String name, String... labelPairs) {
    return samples.getOrDefault(name, Map.of()).getOrDefault(labels(labelPairs), 0.0);
  }

  /** Whether the sample exists at all. */
  boolean has(String name, String... labelPairs) {
    return samples.getOrDefault(name, Map.of()).containsKey(labels(labelPairs));
  }

  /** {@code http_requests_total{method,endpoint,status}}. */
  double requests(String method, String endpoint, int status) {
    return value("http_requests_total", "endpoint", endpoint, "method", method, "status", String.valueOf(status));
  }

  /** {@code celery_task_total{task_name,status}}. */
  double tasks(String taskName, String status) {
    return value("celery_task_total", "status", status, "task_name", taskName);
  }

  /** Every value {@code label} takes across the samples of {@code name}. */
  Set<String> labelValues(String name, String label) {
    Set<String> values = new TreeSet<>();
    for (Map<String, String> labels : samples.getOrDefault(name, Map.of()).keySet()) {
      if (labels.containsKey(label)) {
        values.add(labels.get(label));
      }
    }
    return values;
  }

  /** Sum of every sample of {@code name}. */
  double sum(String name) {
    return samples.getOrDefault(name, Map.of()).values().stream().mapToDouble(Double::doubleValue).sum();
  }

  String text() {
    return text;
  }

  private static Map<String, String> labels(String... labelPairs) {
    Map<String, String> labels = new TreeMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      labels.put(labelPairs[i], labelPairs[i + 1]);
    }
    return labels;
  }
}
