package io.pybase.sample.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a sample's {@code main} in its own JVM with this test's class path, a clean environment (no inherited sample
 * setting) plus the given variables, and returns how it ended. Bounded: a JVM still running after the timeout is
 * killed and the test fails.
 */
public final class MainProcess {

  /** How the process ended: exit status and what it wrote. */
  public record Outcome(int exit, String stdout, String stderr, Duration took) {

    /** Everything it wrote, both streams. */
    public String output() {
      return stdout + stderr;
    }

    /** The lines of standard error that are not a library's INFO log line. */
    public List<String> errorLines() {
      return stderr.lines().filter(l -> !l.isBlank() && !l.contains(" INFO ") && !l.startsWith("INFO:")
          && !l.matches("^[A-Z][a-z]{2} \\d{1,2}, \\d{4} .*")).toList();
    }
  }

  private MainProcess() {}

  public static Outcome run(Class<?> main, Map<String, String> env, Duration timeout) throws Exception {
    return run(main, List.of(), env, timeout);
  }

  public static Outcome run(Class<?> main, List<String> args, Map<String, String> env, Duration timeout)
      throws Exception {
    long start = System.nanoTime();
    Process p = processBuilder(main, args, env).start();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(main.getSimpleName() + " still ran after " + timeout + " with " + env + "; stderr: "
          + err.get(5, TimeUnit.SECONDS));
    }
    return new Outcome(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * The command that runs {@code main} in its own JVM with this test's class path, in a clean environment (no
   * inherited sample setting; {@code BIND_HOST=127.0.0.1}, JVM metrics off) plus {@code env}; for a test that
   * keeps the process running ({@code WorkerProcess}).
   */
  public static ProcessBuilder processBuilder(Class<?> main, List<String> args, Map<String, String> env) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        main.getName()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("PROMETHEUS_") || k.endsWith("_PORT")
        || k.equals("REDIS_URL") || k.startsWith("JDBC_") || k.startsWith("WORKER_") || k.startsWith("QUEUE_")
        || k.startsWith("EXTRACTION_") || k.startsWith("TRAFFIC_") || k.equals("API_URL")
        || k.equals("DEPENDENCY_WAIT_SECONDS") || k.equals("RUN_LOCAL_CONTROL_DIR"));
    pb.environment().put("BIND_HOST", "127.0.0.1");
    pb.environment().put("PROMETHEUS_JVM_METRICS", "false");
    pb.environment().putAll(env);
    return pb;
  }

  private static String read(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
