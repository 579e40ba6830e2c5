package io.pybase.sample.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster (Debian's {@code postgresql} package: {@code initdb}, {@code pg_ctl}) on a free
 * 127.0.0.1 port, with database {@code pybase} owned by user {@code pybase} (trust authentication, loopback only).
 * Run as root, the server runs as the {@code postgres} user, as PostgreSQL requires. Every step is bounded in time;
 * {@link #close()} stops the server and deletes the cluster.
 */
public final class PostgresServerProcess implements AutoCloseable {

  private final Path bin;
  private final Path dir;
  private final int port;

  private PostgresServerProcess(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }

  /** Creates the cluster and starts the server; fails with a clear message when PostgreSQL is not installed. */
  public static PostgresServerProcess start() throws Exception {
    Path bin = binaries();
    Path dir = Files.createTempDirectory("pybase-pg");
    PostgresServerProcess pg = new PostgresServerProcess(bin, dir, RedisServerProcess.FreePort.find());
    try {
      if (root()) {
        run(List.of("chown", "postgres:postgres", dir.toString()), 10);
      }
      pg.asServerUser(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "pybase",
          "--auth=trust", "-E", "UTF8", "--no-sync"), 120);
      pg.asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
          dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
          "-p " + pg.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), 90);
      pg.asServerUser(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p",
          Integer.toString(pg.port), "-U", "pybase", "pybase"), 30);
      return pg;
    } catch (Exception | AssertionError e) {
      pg.close();
      throw e;
    }
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/pybase}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/pybase";
  }

  public String user() {
    return "pybase";
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    try {
      stopServer();
    } finally {
      deleteCluster();
    }
  }

  private void stopServer() {
    try {
      if (Files.exists(dir.resolve("data/postmaster.pid"))) {
        asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m",
            "immediate", "-w", "-t", "30", "stop"), 40);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while stopping PostgreSQL on port " + port, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void deleteCluster() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        Path newest = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
            .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll(
                "\\D", "0")))).orElse(null);
        if (newest != null) {
          return newest;
        }
      }
    }
    throw new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl) are not installed under " + root
        + ": apt-get install postgresql (scripts/install-prerequisites.sh installs it)");
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  private void asServerUser(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (root()) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    run(full, timeoutSeconds);
  }

  private static void run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(command.get(command.size() - 1) + " did not finish within " + timeoutSeconds
          + " s: " + command);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
    }
  }
}
