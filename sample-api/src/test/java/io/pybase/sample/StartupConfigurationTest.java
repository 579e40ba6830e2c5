package io.pybase.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybase.sample.workers.WorkerMain;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Bad settings stop start-up with one line naming the variable and a non-zero exit (real JVMs). */
class StartupConfigurationTest {

  record Outcome(int exit, String stderr) {}

  private static Outcome run(Class<?> main, Map<String, String> env) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), main.getName());
    pb.environment().keySet().removeIf(k -> k.startsWith("PROMETHEUS_") || k.endsWith("_PORT")
        || k.equals("REDIS_URL") || k.startsWith("JDBC_") || k.equals("WORKER_NAME"));
    pb.environment().put("BIND_HOST", "127.0.0.1");
    pb.environment().putAll(env);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(main.getSimpleName() + " did not exit with " + env);
    }
    return new Outcome(p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void workerWithBadMetricsPortPrintsOneLineNamingTheVariable() throws Exception {
    Outcome o = run(WorkerMain.class, Map.of("WORKER_NAME", "search", "PROMETHEUS_METRICS_PORT", "70000"));
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.stderr().strip()).isEqualTo("Invalid PROMETHEUS_METRICS_PORT='70000': expected an integer from 0 to"
        + " 65535 (0: any free port)");
  }

  @Test
  void workerWithUnknownNameIsRefused() throws Exception {
    Outcome o = run(WorkerMain.class, Map.of("WORKER_NAME", "billing"));
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.stderr().strip()).isEqualTo("Invalid WORKER_NAME='billing': expected extraction or search");
  }

  @Test
  void localStackWithBadFailureRateOrPortIsRefused() throws Exception {
    Outcome rate = run(LocalStack.class, Map.of("EXTRACTION_FAILURE_RATE", "lots"));
    assertThat(rate.exit()).isEqualTo(2);
    assertThat(rate.stderr().strip()).isEqualTo("Invalid EXTRACTION_FAILURE_RATE='lots': expected a number from 0 to 1");

    Outcome port = run(LocalStack.class, Map.of("API_PORT", "http"));
    assertThat(port.exit()).isEqualTo(2);
    assertThat(port.stderr().strip()).startsWith("Invalid API_PORT='http'");
  }

  @Test
  void workerWhoseMetricsPortIsTakenExitsNonZeroNamingThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Outcome o = run(WorkerMain.class, Map.of("WORKER_NAME", "search",
          "PROMETHEUS_METRICS_PORT", Integer.toString(taken.getLocalPort())));
      assertThat(o.exit()).isEqualTo(3);
      assertThat(o.stderr()).contains("PROMETHEUS_METRICS_PORT").contains(Integer.toString(taken.getLocalPort()));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
