package io.pybase.metrics.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The requests every recording benchmark replays: 20 route templates x 5 methods x 6 statuses = 600 label sets,
 * each with a latency, in a fixed shuffled order (the same order in every instance, so index {@code i} means the same
 * request everywhere). Everything is precomputed, so {@link #next()} and the reads that follow allocate nothing and
 * the benchmark measures only the recording. One per benchmark thread; each thread starts at a different point of
 * the cycle.
 *
 * <pre>{@code
 * int i = rotation.next();
 * long elapsed = System.nanoTime() - rotation.startNanos(i);
 * metrics.http().requestFinished(rotation.methods[i], rotation.endpoints[i], rotation.statuses[i], elapsed);
 * }</pre>
 */
@State(Scope.Thread)
public class RequestRotation {

  /** Route templates, as the filter resolves them. */
  static final String[] ENDPOINTS = {
      "/api/v1/health", "/api/v1/tables", "/api/v1/tables/{tableId}", "/api/v1/tables/{tableId}/records",
      "/api/v1/tables/{tableId}/records/{recordId}", "/api/v1/tables/{tableId}/fields",
      "/api/v1/tables/{tableId}/fields/{fieldId}", "/api/v1/tables/{tableId}/views",
      "/api/v1/tables/{tableId}/views/{viewId}", "/api/v1/bases", "/api/v1/bases/{baseId}",
      "/api/v1/bases/{baseId}/members", "/api/v1/files", "/api/v1/files/{fileId}", "/api/v1/files/{fileId}/extract",
      "/api/v1/search", "/api/v1/users/me", "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/webhooks"};
  static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH"};
  static final int[] STATUSES = {200, 201, 204, 400, 404, 500};
  /** Latencies spread over the buckets of {@code api_latency_histogram}. */
  static final long[] LATENCIES_NANOS = {
      TimeUnit.MICROSECONDS.toNanos(900), TimeUnit.MILLISECONDS.toNanos(3), TimeUnit.MILLISECONDS.toNanos(8),
      TimeUnit.MILLISECONDS.toNanos(17), TimeUnit.MILLISECONDS.toNanos(42), TimeUnit.MILLISECONDS.toNanos(95),
      TimeUnit.MILLISECONDS.toNanos(180), TimeUnit.MILLISECONDS.toNanos(420), TimeUnit.MILLISECONDS.toNanos(900),
      TimeUnit.MILLISECONDS.toNanos(2200), TimeUnit.MILLISECONDS.toNanos(7000)};
  /** Number of distinct label sets (method, endpoint, status). */
  public static final int SIZE = ENDPOINTS.length * METHODS.length * STATUSES.length;

  private static final AtomicInteger THREADS = new AtomicInteger();

  public final String[] methods = new String[SIZE];
  public final String[] endpoints = new String[SIZE];
  public final int[] statuses = new int[SIZE];
  /** {@link #statuses} as label values, for the libraries that take strings. */
  public final String[] statusLabels = new String[SIZE];
  public final long[] nanos = new long[SIZE];
  private int cursor;
  private int calls;
  private long clockBase = System.nanoTime();

  public RequestRotation() {
    int[] order = new int[SIZE];
    for (int i = 0; i < SIZE; i++) {
      order[i] = i;
    }
    Random random = new Random(42);
    for (int i = SIZE - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (int i = 0; i < SIZE; i++) {
      int combo = order[i];
      endpoints[i] = ENDPOINTS[combo % ENDPOINTS.length];
      methods[i] = METHODS[(combo / ENDPOINTS.length) % METHODS.length];
      statuses[i] = STATUSES[combo / (ENDPOINTS.length * METHODS.length)];
      statusLabels[i] = Integer.toString(statuses[i]).intern();
      nanos[i] = LATENCIES_NANOS[i % LATENCIES_NANOS.length];
    }
    cursor = (THREADS.getAndIncrement() * (SIZE / 2 + 7)) % SIZE;
  }

  /** The index of the next request of the cycle. */
  public int next() {
    if ((++calls & 1023) == 0) {
      clockBase = System.nanoTime();
    }
    int i = cursor + 1;
    if (i == SIZE) {
      i = 0;
    }
    cursor = i;
    return i;
  }

  /**
   * When request {@code i} started, for a recording path that reads the clock at the end of the request as a filter
   * does: {@code System.nanoTime() - startNanos(i)} is {@code nanos[i]} plus at most 1,024 operations' time. The
   * clock is read once per 1,024 calls of {@link #next()}, so the harness adds almost nothing.
   */
  public long startNanos(int i) {
    return clockBase - nanos[i];
  }
}
