package io.pybase.sample.allinone;

import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Realistic mixed traffic against a local API for a given time, so every dashboard panel has data: record reads
 * (cache hits and misses), writes, searches, slow list requests, extractions of every file type (some retried, some
 * failing, some slow), 4xx errors, a few real 5xx ({@code GET /api/v1/tables/drawings/stats}: the traffic never
 * writes to {@code drawings}, and the stats of an empty table fail in SQL), and WebSocket clients that come and
 * go. Stops by itself; only talks to loopback addresses.
 *
 * <pre>{@code
 * API_URL=http://127.0.0.1:8000 java -cp sample-all-in-one/target/sample-all-in-one.jar \
 *     io.pybase.sample.allinone.TrafficGenerator 60
 * }</pre>
 */
public final class TrafficGenerator {

  private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
  private static final Pattern TASK = Pattern.compile("\"task_id\":\"([0-9a-f-]{36})\"");
  private static final String[] WORDS = {"bridge", "tunnel", "roof", "facade", "steel", "concrete", "timber",
      "survey", "permit", "drainage", "lyon", "porto", "phase", "inspection", "glazing"};
  private static final String[] TABLES = {"projects", "documents"};

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final long deadline;
  private final List<String> records = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<String> tasks = new ConcurrentLinkedQueue<>();
  private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
  private final LongAdder wsMessages = new LongAdder();
  private final byte[] pdf;

  TrafficGenerator(String base, Duration duration) throws IOException {
    this.base = base;
    this.deadline = System.nanoTime() + duration.toNanos();
    this.pdf = pdf();
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1 || !args[0].matches("\\d{1,5}") || Integer.parseInt(args[0]) < 1) {
      System.err.println("usage: TrafficGenerator SECONDS   (API_URL, default http://127.0.0.1:8000; TRAFFIC_USERS,"
          + " default 4)");
      System.exit(2);
    }
    ConfigSource source = ConfigSource.system();
    String base;
    int users;
    try {
      base = apiUrl(source);
      users = source.integer("TRAFFIC_USERS", 4, 1, 64);
    } catch (InvalidConfigurationException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    new TrafficGenerator(base, Duration.ofSeconds(Integer.parseInt(args[0]))).run(users);
  }

  /**
   * {@code API_URL} without trailing slashes; only a loopback address is accepted (the generator never sends traffic
   * elsewhere).
   */
  static String apiUrl(ConfigSource source) {
    String value = source.string("API_URL", "http://127.0.0.1:8000");
    String base = value.replaceAll("/+$", "");
    try {
      URI uri = new URI(base);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
          && InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
        return base;
      }
    } catch (URISyntaxException | java.io.IOException e) {
      // reported below
    }
    throw new InvalidConfigurationException("API_URL", value, "a loopback URL such as http://127.0.0.1:8000");
  }

  void run(int users) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      threads.add(start("traffic-user-" + i, this::user));
    }
    for (int i = 0; i < 2; i++) {
      threads.add(start("traffic-ws-" + i, this::webSocketClient));
    }
    threads.add(start("traffic-extraction-poller", this::pollTasks));
    for (Thread t : threads) {
      t.join();
    }
    System.out.println("traffic: " + new TreeMap<>(outcomes) + ", websocket messages " + wsMessages.sum());
  }

  private static Thread start(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.start();
    return t;
  }

  private boolean running() {
    return System.nanoTime() < deadline;
  }

  private void user() {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    while (running()) {
      int p = rnd.nextInt(100);
      try {
        if (p < 28) {
          readRecord(rnd);
        } else if (p < 40) {
          send("GET", "/api/v1/tables/" + table(rnd) + "/records?limit=20"
              + (rnd.nextInt(8) == 0 ? "&delay_ms=" + (300 + rnd.nextInt(2200)) : ""), null);
        } else if (p < 55) {
          createRecord(rnd);
        } else if (p < 60) {
          updateRecord(rnd);
        } else if (p < 62) {
          deleteRecord(rnd);
        } else if (p < 72) {
          send("GET", "/api/v1/search?q=" + word(rnd) + "+" + word(rnd), null);
        } else if (p < 84) {
          submitExtraction(rnd);
        } else if (p < 96) {
          badRequest(rnd);
        } else {
          send("GET", "/api/v1/tables/drawings/stats", null);   // empty table: a real 500
        }
        Thread.sleep(20 + rnd.nextInt(80));
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        count("io_error");
      }
    }
  }

  private void readRecord(ThreadLocalRandom rnd) throws IOException, InterruptedException {
    if (records.isEmpty() || rnd.nextInt(10) == 0) {
      send("GET", "/api/v1/tables/projects/records/" + (900_000 + rnd.nextInt(1000)), null);   // 404
      return;
    }
    String r = records.get(rnd.nextInt(records.size()));
    send("GET", r, null);
  }

  private void createRecord(ThreadLocalRandom rnd) throws IOException, InterruptedException {
    String table = table(rnd);
    String body = "{\"name\":\"" + word(rnd) + " " + word(rnd) + "\",\"notes\":\"" + word(rnd) + " " + word(rnd)
        + " " + word(rnd) + "\",\"budget\":" + rnd.nextInt(1_000_000) + "}";
    HttpResponse<String> r = send("POST", "/api/v1/tables/" + table + "/records", body);
    Matcher m = ID.matcher(r.body());
    if (r.statusCode() == 201 && m.find()) {
      records.add("/api/v1/tables/" + table + "/records/" + m.group(1));
    }
  }

  private void updateRecord(ThreadLocalRandom rnd) throws IOException, InterruptedException {
    if (!records.isEmpty()) {
      send("PUT", records.get(rnd.nextInt(records.size())), "{\"name\":\"" + word(rnd) + "\",\"revised\":true}");
    }
  }

  private void deleteRecord(ThreadLocalRandom rnd) throws IOException, InterruptedException {
    if (records.size() > 20) {
      String r = records.remove(rnd.nextInt(records.size()));
      send("DELETE", r, null);
    }
  }

  private void submitExtraction(ThreadLocalRandom rnd) throws IOException, InterruptedException {
    StringBuilder body = new StringBuilder("{");
    int kind = rnd.nextInt(10);
    if (kind < 3) {
      body.append("\"file_type\":\"ifc\",\"filename\":\"model.ifc\",\"content\":").append(quote(ifc(rnd)));
    } else if (kind < 5) {
      body.append("\"file_type\":\"dxf\",\"filename\":\"plan.dxf\",\"content\":").append(quote(dxf(rnd)));
    } else if (kind < 7) {
      body.append("\"file_type\":\"pdf\",\"filename\":\"report.pdf\",\"content_base64\":\"")
          .append(Base64.getEncoder().encodeToString(pdf)).append('"');
    } else if (kind < 9) {
      body.append("\"file_type\":\"txt\",\"filename\":\"notes.txt\",\"content\":\"").append(word(rnd)).append(' ')
          .append(word(rnd)).append('"');
    } else {
      body.append("\"file_type\":\"step\",\"filename\":\"broken.step\",\"content\":\"not a step file\"");   // fails
    }
    int knob = rnd.nextInt(10);
    if (knob == 0) {
      body.append(",\"fail_attempts\":1");                 // retried once, then succeeds
    } else if (knob == 1) {
      body.append(",\"fail_attempts\":5");                 // retries run out: failure
    } else if (knob == 2) {
      body.append(",\"delay_ms\":").append(1000 + rnd.nextInt(5000));   // a slow task
    }
    body.append('}');
    HttpResponse<String> r = send("POST", "/api/v1/extractions", body.toString());
    Matcher m = TASK.matcher(r.body());
    if (m.find()) {
      tasks.add(m.group(1));
    }
  }

  private void badRequest(ThreadLocalRandom rnd) throws IOException, InterruptedException {
    switch (rnd.nextInt(5)) {
      case 0 -> send("POST", "/api/v1/tables/projects/records", "{\"name\": ");           // 400 malformed
      case 1 -> send("POST", "/api/v1/tables/nope/records", "{\"a\":1}");                 // 404 unknown table
      case 2 -> send("GET", "/api/v1/search", null);                                      // 400 no q
      case 3 -> send("POST", "/api/v1/extractions", "{\"file_type\":\"exe\",\"content\":\"x\"}");   // 400
      default -> send("GET", "/api/v1/extractions/00000000-0000-0000-0000-000000000000", null);      // 404
    }
  }

  private void pollTasks() {
    while (running()) {
      try {
        String t = tasks.poll();
        if (t != null) {
          HttpResponse<String> r = send("GET", "/api/v1/extractions/" + t, null);
          if (r.body().contains("\"queued\"") || r.body().contains("\"running\"")
              || r.body().contains("\"retrying\"")) {
            tasks.add(t);
          }
        }
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        count("io_error");
      }
    }
  }

  private void webSocketClient() {
    String ws = base.replaceFirst("^http", "ws") + "/api/v1/ws";
    while (running()) {
      WebSocket socket = null;
      try {
        socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), new WebSocket.Listener() {
          @Override
          public java.util.concurrent.CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            wsMessages.increment();
            w.request(1);
            return null;
          }
        }).get(5, TimeUnit.SECONDS);
        count("ws_open");
        long stay = Math.min(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()),
            3000 + ThreadLocalRandom.current().nextInt(12_000));
        if (stay > 0) {
          Thread.sleep(stay);
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        count("ws_error");
        sleepQuietly(1000);
      } finally {
        if (socket != null) {
          socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS).exceptionally(x -> null);
        }
      }
      sleepQuietly(200 + ThreadLocalRandom.current().nextInt(1000));
    }
  }

  private HttpResponse<String> send(String method, String path, String body) throws IOException,
      InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15));
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    count(Integer.toString(r.statusCode()));
    return r;
  }

  private void count(String key) {
    outcomes.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String table(ThreadLocalRandom rnd) {
    return TABLES[rnd.nextInt(TABLES.length)];
  }

  private static String word(ThreadLocalRandom rnd) {
    return WORDS[rnd.nextInt(WORDS.length)];
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static String ifc(ThreadLocalRandom rnd) {
    StringBuilder b = new StringBuilder("ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION(('ViewDefinition'),'2;1');\n"
        + "FILE_NAME('model.ifc','2026-01-01T00:00:00',('PyBase'),('PyBase'),'traffic','traffic','');\n"
        + "FILE_SCHEMA(('IFC4'));\nENDSEC;\nDATA;\n#1=IFCPROJECT('0abcdefghijklmnopqrstu',$,'" + word(rnd)
        + " project',$);\n");
    int walls = 1 + rnd.nextInt(20);
    for (int i = 0; i < walls; i++) {
      b.append('#').append(i + 2).append("=IFCWALL($,$,'").append(word(rnd)).append(" wall ").append(i)
          .append("',$);\n");
    }
    return b.append("ENDSEC;\nEND-ISO-10303-21;\n").toString();
  }

  private static String dxf(ThreadLocalRandom rnd) {
    StringBuilder b = new StringBuilder("0\nSECTION\n2\nHEADER\n9\n$ACADVER\n1\nAC1027\n0\nENDSEC\n"
        + "0\nSECTION\n2\nENTITIES\n");
    int lines = 1 + rnd.nextInt(30);
    for (int i = 0; i < lines; i++) {
      b.append("0\nLINE\n8\n0\n10\n0.0\n20\n").append(i).append(".0\n11\n5.0\n21\n").append(i).append(".0\n");
    }
    b.append("0\nTEXT\n8\n0\n1\n").append(word(rnd)).append(" plan\n");
    return b.append("0\nENDSEC\n0\nEOF\n").toString();
  }

  private static byte[] pdf() throws IOException {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      doc.getDocumentInformation().setTitle("Inspection report");
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        cs.newLineAtOffset(72, 700);
        cs.showText("Inspection of the north facade: no defects found.");
        cs.endText();
      }
      doc.save(out);
      return out.toByteArray();
    }
  }
}
