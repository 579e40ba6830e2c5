package io.pybase.sample.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Scrapes a Prometheus text endpoint into series -> value. */
public final class Scrape {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Map<String, Double> series;
  private final String text;

  private Scrape(String text) {
    this.text = text;
    this.series = new LinkedHashMap<>();
    for (String line : text.split("\n", -1)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int sp = line.lastIndexOf(' ');
      series.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
    }
  }

  public static Scrape of(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(url + " answered " + r.statusCode());
    }
    return new Scrape(r.body());
  }

  /** The value of one exact series (labels in exposition order), or NaN. */
  public double value(String seriesName) {
    return series.getOrDefault(seriesName, Double.NaN);
  }

  /** The sum of every series of metric {@code name} (exact name, any labels) whose text contains all fragments. */
  public double sum(String name, String... fragments) {
    double total = 0;
    for (Map.Entry<String, Double> e : series.entrySet()) {
      String k = e.getKey();
      if (!(k.equals(name) || k.startsWith(name + "{"))) {
        continue;
      }
      boolean all = true;
      for (String f : fragments) {
        all &= k.contains(f);
      }
      if (all) {
        total += e.getValue();
      }
    }
    return total;
  }

  /** Whether any series of metric {@code name} exists. */
  public boolean has(String name) {
    return series.keySet().stream().anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
  }

  public String text() {
    return text;
  }
}
