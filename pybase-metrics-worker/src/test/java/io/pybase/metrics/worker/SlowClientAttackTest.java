package io.pybase.metrics.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, input 1, on a real worker metrics server with its default settings: connections that send request headers
 * a line every few seconds (more of them than the server has threads) must not take scrapes or health probes offline,
 * and must themselves be dropped once their headers are late. On client_java's {@code HTTPServer} (the JDK server,
 * whose threads read headers) every scrape and probe timed out for as long as such clients stayed.
 */
class SlowClientAttackTest {

  /** More than the server's request threads (4 by default) and than client_java's HTTPServer's (10). */
  private static final int SLOW_CLIENTS = 12;
  private static final Duration HEADER_LINE_EVERY = Duration.ofSeconds(3);
  private static final Duration ATTACK = Duration.ofSeconds(16);
  /** What the scraper allows one request: a scrape or probe slower than this counts as not answered. */
  private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(1);

  @Test
  void scrapesAndHealthAnswerWhileSlowHeaderClientsAreDroppedAtTheDeadline() throws Exception {
    try (ScrapedWorker worker = ScrapedWorker.start()) {
      int port = worker.server.port();
      HttpClient scraper = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(SCRAPE_TIMEOUT).build();
      assertThat(get(scraper, port, "/metrics")).as("a scrape before the attack").isEqualTo(200);

      ConcurrentLinkedQueue<Long> heldMillis = new ConcurrentLinkedQueue<>();
      AtomicInteger attackConnections = new AtomicInteger();
      long end = System.nanoTime() + ATTACK.toNanos();
      ExecutorService attackers = Executors.newFixedThreadPool(SLOW_CLIENTS);
      for (int i = 0; i < SLOW_CLIENTS; i++) {
        attackers.execute(() -> attack(port, end, heldMillis, attackConnections));
      }

      int scrapes = 0;
      int scrapesAnswered = 0;
      int probes = 0;
      int probesAnswered = 0;
      AtomicLong slowestMillis = new AtomicLong();
      try {
        TimeUnit.SECONDS.sleep(1); // every slow client is connected and has sent its first line
        while (System.nanoTime() < end) {
          long tick = System.nanoTime();
          scrapes++;
          if (timed(() -> get(scraper, port, "/metrics"), slowestMillis) == 200) {
            scrapesAnswered++;
          }
          probes++;
          if (timed(() -> get(scraper, port, "/health"), slowestMillis) == 200) {
            probesAnswered++;
          }
          long rest = TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - tick);
          if (rest > 0) {
            TimeUnit.NANOSECONDS.sleep(rest);
          }
        }
      } finally {
        attackers.shutdown();
        assertThat(attackers.awaitTermination(30, TimeUnit.SECONDS)).as("attackers stopped").isTrue();
      }

      List<Long> held = new ArrayList<>(heldMillis);
      System.out.printf("slow-client attack: %d slow connections (%d at a time, a header line every %d s) for %d s;"
              + " scrapes answered %d/%d, health probes answered %d/%d, slowest %d ms; slow connections dropped %d,"
              + " held %s ms%n", attackConnections.get(), SLOW_CLIENTS, HEADER_LINE_EVERY.toSeconds(),
          ATTACK.toSeconds(), scrapesAnswered, scrapes, probesAnswered, probes, slowestMillis.get(), held.size(),
          held);
      assertThat(scrapesAnswered).as("scrapes answered within %s during the attack", SCRAPE_TIMEOUT)
          .isEqualTo(scrapes).isGreaterThanOrEqualTo(10);
      assertThat(probesAnswered).as("health probes answered within %s during the attack", SCRAPE_TIMEOUT)
          .isEqualTo(probes);
      assertThat(held).as("slow connections the server dropped").hasSizeGreaterThanOrEqualTo(SLOW_CLIENTS);
      assertThat(held).as("none dropped before the 5 s request-header deadline")
          .allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(5_000));
    }
  }

  /** One slow client: a request line, then a header line every few seconds; reconnects when dropped. */
  private static void attack(int port, long end, ConcurrentLinkedQueue<Long> heldMillis, AtomicInteger connections) {
    while (System.nanoTime() < end) {
      long opened = System.nanoTime();
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        connections.incrementAndGet();
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        out.write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        int line = 0;
        boolean dropped = false;
        while (!dropped && System.nanoTime() < end) {
          dropped = closedWithin(socket, in, Math.min(HEADER_LINE_EVERY.toMillis(),
              TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) + 1));
          if (!dropped && System.nanoTime() < end) {
            out.write(("X-Slow-" + line++ + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
          }
        }
        if (dropped) {
          heldMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened));
        }
      } catch (IOException e) {
        heldMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened)); // reset while writing
      }
    }
  }

  /** Whether the server closes the connection within {@code millis} (end of stream or reset). */
  private static boolean closedWithin(Socket socket, InputStream in, long millis) throws IOException {
    socket.setSoTimeout((int) Math.max(1, millis));
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static int get(HttpClient client, int port, String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(SCRAPE_TIMEOUT).GET().build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (IOException e) {
      return -1; // timed out or refused: not answered
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static int timed(java.util.function.IntSupplier request, AtomicLong slowestMillis) {
    long start = System.nanoTime();
    int status = request.getAsInt();
    slowestMillis.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), Math::max);
    return status;
  }
}
