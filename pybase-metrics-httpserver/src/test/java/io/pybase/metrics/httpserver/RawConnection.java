package io.pybase.metrics.httpserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One TCP connection to 127.0.0.1 speaking HTTP/1.1 by hand, so a test can send a request a line at a time (a slow
 * client), send nothing, or keep the connection alive between requests. Reads are bounded by a socket timeout.
 */
final class RawConnection implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;

  RawConnection(int port) {
    try {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setSoTimeout(10_000);
      in = socket.getInputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code text} as is; false when the server has already closed the connection. */
  boolean send(String text) {
    try {
      socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A whole GET request for {@code path} on a kept-alive connection. */
  static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  }

  /** Reads one response with a {@code Content-Length} body: its status line and body. */
  String[] readResponse() {
    try {
      String head = readHead();
      int length = 0;
      for (String line : head.split("\r\n", -1)) {
        if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      byte[] body = in.readNBytes(length);
      return new String[] {head.substring(0, head.indexOf("\r\n")), new String(body, StandardCharsets.UTF_8)};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed before the end of the response head: " + head);
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /**
   * Waits up to {@code timeout} for the server to close the connection (end of stream or reset), discarding what it
   * sends (call it only when no response is expected); true when it closed.
   */
  boolean awaitClosedBy(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        socket.setSoTimeout((int) Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000)));
        try {
          if (in.read() < 0) {
            return true;
          }
        } catch (SocketTimeoutException e) {
          // still open
        }
      }
      return false;
    } catch (SocketException e) {
      return true; // reset by the server
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        socket.setSoTimeout(10_000);
      } catch (SocketException e) {
        // closed: nothing more to read
      }
    }
  }

  /**
   * Everything the server sends until it closes the connection, waiting at most {@code timeout} in all.
   *
   * @throws IllegalStateException if it is still open then
   */
  String readUntilClosed(Duration timeout) {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        int b;
        try {
          b = in.read();
        } catch (SocketTimeoutException e) {
          break;
        }
        if (b < 0) {
          return received.toString(StandardCharsets.US_ASCII);
        }
        received.write(b);
      }
    } catch (SocketException e) {
      return received.toString(StandardCharsets.US_ASCII); // reset by the server
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("still open after " + timeout + "; received: " + received);
  }

  /** Whether the server has closed the connection, checked without waiting more than 50 ms. */
  boolean closedByServer() {
    return awaitClosedBy(Duration.ofMillis(50));
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
