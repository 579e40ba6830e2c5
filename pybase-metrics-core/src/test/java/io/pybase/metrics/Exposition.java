package io.pybase.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text exposition of a registry, and the sample lines of one metric in it. */
final class Exposition {

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$");

  private final String text;

  private Exposition(String text) {
    this.text = text;
  }

  static Exposition scrape(PrometheusRegistry registry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Exposition(out.toString(StandardCharsets.UTF_8));
  }

  String text() {
    return text;
  }

  /** Sample lines whose name is exactly {@code name}. */
  List<String> samples(String name) {
    List<String> result = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches() && m.group(1).equals(name)) {
        result.add(line);
      }
    }
    return result;
  }

  /** The value of the one sample of {@code name} whose labels contain every given {@code key="value"} pair. */
  double value(String name, String... labelPairs) {
    Double found = null;
    for (String line : samples(name)) {
      boolean all = true;
      for (String pair : labelPairs) {
        if (!line.contains(pair)) {
          all = false;
          break;
        }
      }
      if (all) {
        if (found != null) {
          throw new AssertionError("more than one sample of " + name + " matches " + List.of(labelPairs));
        }
        found = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    if (found == null) {
      throw new AssertionError("no sample of " + name + " matches " + List.of(labelPairs) + " in\n" + text);
    }
    return found;
  }

  /** The label names of a sample line, in order. */
  static List<String> labelNames(String sampleLine) {
    Matcher m = SAMPLE.matcher(sampleLine);
    List<String> names = new ArrayList<>();
    if (m.matches() && m.group(3) != null) {
      Matcher pair = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"").matcher(m.group(3));
      while (pair.find()) {
        names.add(pair.group(1));
      }
    }
    return names;
  }
}
