package io.pybase.sample.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybase.sample.testing.MainProcess;
import io.pybase.sample.testing.MainProcess.Outcome;
import io.pybase.sample.testing.RedisServerProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worker jar's start-up ({@link WorkerMain} in real JVMs): one line naming the setting, non-zero exit. */
class WorkerStartupTest {

  private static Outcome worker(Map<String, String> env) throws Exception {
    return MainProcess.run(WorkerMain.class, env, Duration.ofSeconds(60));
  }

  @Test
  void workerWithBadMetricsPortPrintsOneLineNamingTheVariable() throws Exception {
    Outcome o = worker(Map.of("WORKER_NAME", "search", "PROMETHEUS_METRICS_PORT", "70000"));
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.errorLines()).containsExactly("Invalid PROMETHEUS_METRICS_PORT='70000': expected an integer from 0"
        + " to 65535 (0: any free port)");
  }

  @Test
  void workerWithUnknownNameIsRefused() throws Exception {
    Outcome o = worker(Map.of("WORKER_NAME", "billing"));
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.errorLines()).containsExactly("Invalid WORKER_NAME='billing': expected extraction or search");
  }

  @Test
  void workerWhoseMetricsPortIsTakenExitsNamingThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Outcome o = worker(Map.of("WORKER_NAME", "search",
          "PROMETHEUS_METRICS_PORT", Integer.toString(taken.getLocalPort())));
      assertThat(o.exit()).isEqualTo(3);
      assertThat(o.errorLines()).singleElement().asString()
          .startsWith("Cannot bind PROMETHEUS_METRICS_PORT=" + taken.getLocalPort() + " on 127.0.0.1");
    }
  }

  @Test
  void unreachableRedisStopsTheWorkerWithOneLineInsteadOfAnErrorPerConsumerPerSecond() throws Exception {
    int closed = RedisServerProcess.FreePort.find();
    Outcome o = worker(Map.of("WORKER_NAME", "extraction", "WORKER_CONCURRENCY", "4",
        "REDIS_URL", "redis://:TopSecretPw@127.0.0.1:" + closed, "DEPENDENCY_WAIT_SECONDS", "3"));

    assertThat(o.exit()).isEqualTo(3);
    assertThat(o.errorLines()).hasSize(2);
    assertThat(o.errorLines().get(1)).startsWith("Cannot reach Redis at 127.0.0.1:" + closed + " (REDIS_URL=");
    assertThat(o.output()).doesNotContain("TopSecretPw").doesNotContain("SEVERE").doesNotContain("\tat ");
  }
}
