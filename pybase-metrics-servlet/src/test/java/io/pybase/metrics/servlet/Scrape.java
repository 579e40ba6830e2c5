package io.pybase.metrics.servlet;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed Prometheus text exposition: sample values by name and labels. */
final class Scrape {

  private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+).*$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final Map<String, Map<Map<String, String>, Double>> samples = new HashMap<>();

  private Scrape() {}

  /** The text exposition of {@code registry}, parsed. */
  static Scrape of(io.prometheus.metrics.model.registry.PrometheusRegistry registry) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create().write(out, registry.scrape(),
          io.prometheus.metrics.config.EscapingScheme.ALLOW_UTF8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return parse(out.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  static Scrape parse(String text) {
    Scrape s = new Scrape();
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

  /** The value of {@code name} with exactly these labels ({@code "k1", "v1", "k2", "v2"...}), 0 when absent. */
  double value(String name, String... labelPairs) {
    Map<String, String> labels = new TreeMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      labels.put(labelPairs[i], labelPairs[i + 1]);
    }
    return samples.getOrDefault(name, Map.of()).getOrDefault(labels, 0.0);
  }

  /** Whether a sample of {@code name} with exactly these labels is exposed (at any value, zero included). */
  boolean hasSample(String name, String... labelPairs) {
    Map<String, String> labels = new TreeMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      labels.put(labelPairs[i], labelPairs[i + 1]);
    }
    return samples.getOrDefault(name, Map.of()).containsKey(labels);
  }

  /** Sum of every sample of {@code name}. */
  double sum(String name) {
    double sum = 0;
    for (double v : samples.getOrDefault(name, Map.of()).values()) {
      sum += v;
    }
    return sum;
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

  /** Sum of {@code name} over samples whose {@code label} is {@code value}. */
  double sumWhere(String name, String label, String value) {
    double sum = 0;
    for (Map.Entry<Map<String, String>, Double> e : samples.getOrDefault(name, Map.of()).entrySet()) {
      if (value.equals(e.getKey().get(label))) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  boolean has(String name) {
    return samples.containsKey(name);
  }
}
