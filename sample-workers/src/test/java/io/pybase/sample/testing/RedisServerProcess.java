package io.pybase.sample.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real redis-server on a free 127.0.0.1 port, in a temp dir; fails with a clear message when not installed. */
public final class RedisServerProcess implements AutoCloseable {

  public static final Path BINARY = Path.of("/usr/bin/redis-server");

  private final Process process;
  private final int port;
  private final Path dir;

  private RedisServerProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  @SuppressWarnings("try") // the probe connection is only opened and closed: redis-server listens
  public static RedisServerProcess start() throws Exception {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is not installed: the Redis queue tests need a real redis-server"
          + " (apt-get install redis-server; scripts/test.sh installs it)");
    }
    int port = FreePort.find();
    Path dir = Files.createTempDirectory("pybase-redis");
    Process p = new ProcessBuilder(BINARY.toString(), "--bind", "127.0.0.1", "--port", Integer.toString(port),
        "--save", "", "--appendonly", "no", "--dir", dir.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return new RedisServerProcess(p, port, dir);
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

  /** Stops redis-server (forcibly after 5 s) and deletes its directory. */
  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** A free TCP port on 127.0.0.1. */
  public static final class FreePort {
    private FreePort() {}

    public static int find() throws IOException {
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      }
    }
  }
}
