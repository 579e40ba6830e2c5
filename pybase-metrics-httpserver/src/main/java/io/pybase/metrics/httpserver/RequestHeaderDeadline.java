package io.pybase.metrics.httpserver;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.jspecify.annotations.Nullable;

/**
 * Closes connections whose request headers do not arrive in full in time: what Go's {@code ReadHeaderTimeout} and
 * nginx's {@code client_header_timeout} do, and Jetty 12 lacks. Jetty parses headers without holding a thread, and its
 * idle timeout closes silent connections, but a client that sends a header line every few seconds is never idle: it
 * would keep its connection (and a slot of the connection limit) for as long as it likes.
 *
 * <p>The deadline counts from the moment a connection opens for its first request, and on a kept-alive connection from
 * the first byte of the next request (seen within one check period); a connection idle between requests is left to the
 * idle timeout. Only a connection that waits for the client is closed: never one whose request headers are complete
 * (queued or running), and no connection at all while jobs wait for a thread (bytes that arrived may be waiting to be
 * read: then the server is late, not the client; the connection limit still bounds what clients hold). Checks run on the
 * server's scheduler every {@code timeout / 5} (at most every second), so a connection is closed between the deadline
 * and one period after it.
 *
 * <p>Added to a connector as a bean: Jetty calls {@link #onOpened} and {@link #onClosed} for each connection, and the
 * server's handler calls {@link #requestStarted} for each request.
 */
final class RequestHeaderDeadline extends AbstractLifeCycle implements Connection.Listener {

  private final long timeoutNanos;
  private final long periodMillis;
  private final Scheduler scheduler;
  private final BooleanSupplier serverBusy;
  private final Map<Connection, Tracked> connections = new ConcurrentHashMap<>();
  private final LongAdder closed = new LongAdder();
  private volatile Scheduler.@Nullable Task next;

  /**
   * @param serverBusy whether jobs wait for a thread (then no connection is judged late in that check)
   */
  RequestHeaderDeadline(Duration timeout, Scheduler scheduler, BooleanSupplier serverBusy) {
    this.timeoutNanos = timeout.toNanos();
    this.periodMillis = Math.max(20, Math.min(1000, timeout.toMillis() / 5));
    this.scheduler = scheduler;
    this.serverBusy = serverBusy;
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    schedule();
  }

  @Override
  protected void doStop() throws Exception {
    Scheduler.Task task = next;
    if (task != null) {
      task.cancel();
    }
    connections.clear();
    super.doStop();
  }

  @Override
  public void onOpened(Connection connection) {
    connections.put(connection, new Tracked(System.nanoTime()));
  }

  @Override
  public void onClosed(Connection connection) {
    connections.remove(connection);
  }

  /** A request's headers arrived and it is being handled; its completion starts the wait for the next one. */
  void requestStarted(Request request) {
    Connection connection = request.getConnectionMetaData().getConnection();
    Tracked tracked = connections.get(connection);
    if (tracked != null) {
      Request.addCompletionListener(request, failure -> tracked.completed(connection.getBytesIn()));
    }
  }

  /** Connections closed for missing the deadline since the server started. */
  long closedConnections() {
    return closed.sum();
  }

  private void schedule() {
    if (isRunning() || isStarting()) {
      next = scheduler.schedule(this::check, periodMillis, TimeUnit.MILLISECONDS);
    }
  }

  private void check() {
    try {
      if (serverBusy.getAsBoolean()) {
        return;
      }
      long now = System.nanoTime();
      connections.forEach((connection, tracked) -> {
        if (tracked.late(connection, now, timeoutNanos)) {
          connections.remove(connection);
          closed.increment();
          try {
            // the socket itself, as Jetty's idle timeout closes it: closing the HTTP connection would first answer the
            // half-read request with a 500 error page
            connection.getEndPoint().close(new TimeoutException("request headers not complete within the deadline"));
          } catch (RuntimeException e) {
            // already closing: nothing more to do, and the other connections are still checked
          }
        }
      });
    } finally {
      schedule();
    }
  }

  /** What one connection has done: when it opened, how many requests it completed, when it last went idle. */
  private static final class Tracked {
    private final long openedNanos;
    private final AtomicLong completed = new AtomicLong();
    private volatile long idleBytes;
    private volatile long waitingSinceNanos = -1;

    Tracked(long openedNanos) {
      this.openedNanos = openedNanos;
    }

    void completed(long bytesIn) {
      idleBytes = bytesIn;
      waitingSinceNanos = -1;
      completed.incrementAndGet();
    }

    boolean late(Connection connection, long now, long timeout) {
      long done = completed.get();
      if (connection.getMessagesIn() > done) {
        return false; // headers complete: the request is queued or running
      }
      long start;
      if (done == 0) {
        start = openedNanos;
      } else if (connection.getBytesIn() > idleBytes) {
        if (waitingSinceNanos < 0) {
          waitingSinceNanos = now;
        }
        start = waitingSinceNanos;
      } else {
        return false; // idle between requests: the idle timeout's business
      }
      return now - start >= timeout;
    }
  }
}
