package io.pybase.sample.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server on a free 127.0.0.1 port, in a temp dir; fails with a clear message when not installed. It can
 * be stopped and started again on the same port, with its data kept ({@link #startPersistent()}: append-only file,
 * as a broker holding a queue is run) or lost ({@link #start()}: no persistence).
 */
public final class RedisServerProcess implements AutoCloseable {

  public static final Path BINARY = Path.of("/usr/bin/redis-server");

  private final int port;
  private final Path dir;
  private final boolean persistent;
  private Process process;

  private RedisServerProcess(int port, Path dir, boolean persistent) {
    this.port = port;
    this.dir = dir;
    this.persistent = persistent;
  }

  /** A server without persistence: a restart starts empty. */
  public static RedisServerProcess start() throws Exception {
    return start(false);
  }

  /** A server with an append-only file: a restart keeps every acknowledged write. */
  public static RedisServerProcess startPersistent() throws Exception {
    return start(true);
  }

  private static RedisServerProcess start(boolean persistent) throws Exception {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is not installed: the Redis queue tests need a real redis-server"
          + " (apt-get install redis-server; scripts/test.sh installs it)");
    }
    RedisServerProcess r = new RedisServerProcess(FreePort.find(), Files.createTempDirectory("pybase-redis"),
        persistent);
    r.launch();
    return r;
  }

  private void launch() throws Exception {
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--bind", "127.0.0.1", "--port",
        Integer.toString(port), "--save", "", "--dir", dir.toString()));
    command.addAll(persistent ? List.of("--appendonly", "yes", "--appendfsync", "always")
        : List.of("--appendonly", "no"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try {
        new Socket(InetAddress.getLoopbackAddress(), port).close();   // it listens
        process = p;
        return;
      } catch (IOException e) {
        if (!p.isAlive()) {
          throw new IllegalStateException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
        }
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("redis-server did not listen on " + port + " within 10 s");
  }

  public URI uri() {
    return URI.create("redis://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  /** Stops the server (SIGTERM, as an operator or an orchestrator does); its port closes. */
  public void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    process = null;
  }

  /** Starts the stopped server again on the same port and directory. */
  public void restart() throws Exception {
    if (process == null) {
      launch();
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while stopping redis-server on port " + port, e);
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A free TCP port on 127.0.0.1. */
  public static final class FreePort {
    private FreePort() {}

    public static int find() throws IOException {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      }
    }
  }
}
