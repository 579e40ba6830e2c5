package io.pybase.sample.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybase.sample.testing.MainProcess;
import io.pybase.sample.testing.MainProcess.Outcome;
import io.pybase.sample.testing.RedisServerProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API's start-up (real JVMs running {@link ApiMain}): every setting that cannot be used stops it with one line
 * naming the setting and, for network settings, what was tried; never a stack trace, never a password.
 */
class ApiStartupTest {

  private static final String SECRET = "TopSecretPw";
  private static final Duration BOUND = Duration.ofSeconds(60);

  private static Outcome api(Map<String, String> env) throws Exception {
    return MainProcess.run(ApiMain.class, env, BOUND);
  }

  private static void assertNoStackTrace(Outcome o) {
    assertThat(o.output()).doesNotContain("\tat ").doesNotContain("Exception in thread").doesNotContain("Caused by");
  }

  @Test
  void unreachablePostgresIsWaitedForWithBackoffThenNamedInOneLine() throws Exception {
    int closed = RedisServerProcess.FreePort.find();
    Outcome o = api(Map.of("JDBC_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/pybase",
        "JDBC_USER", "pybase", "JDBC_PASSWORD", SECRET, "DEPENDENCY_WAIT_SECONDS", "3", "API_PORT", "0",
        "API_METRICS_PORT", "0"));

    assertThat(o.exit()).isEqualTo(3);
    assertThat(o.errorLines()).hasSize(2);
    assertThat(o.errorLines().get(0)).as("said once").startsWith("Waiting up to 3 s for PostgreSQL at 127.0.0.1:"
        + closed + " (JDBC_URL)");
    assertThat(o.errorLines().get(1)).startsWith("Cannot reach PostgreSQL at 127.0.0.1:" + closed
        + " (JDBC_URL='jdbc:postgresql://127.0.0.1:" + closed + "/pybase') within 3 s");
    assertThat(o.took()).as("a bounded wait").isLessThan(Duration.ofSeconds(30));
    assertNoStackTrace(o);
    assertThat(o.output()).doesNotContain(SECRET);
  }

  @Test
  void unreachableRedisIsNamedInOneLineWithoutItsPassword() throws Exception {
    int closed = RedisServerProcess.FreePort.find();
    Outcome o = api(Map.of("REDIS_URL", "redis://:" + SECRET + "@127.0.0.1:" + closed,
        "DEPENDENCY_WAIT_SECONDS", "2", "API_PORT", "0", "API_METRICS_PORT", "0"));

    assertThat(o.exit()).isEqualTo(3);
    assertThat(o.errorLines()).hasSize(2);
    assertThat(o.errorLines().get(1)).startsWith("Cannot reach Redis at 127.0.0.1:" + closed
        + " (REDIS_URL='redis://:***@127.0.0.1:" + closed + "') within 2 s");
    assertNoStackTrace(o);
    assertThat(o.output()).doesNotContain(SECRET);
  }

  @Test
  void invalidUrlsAreRefusedWithTheirPasswordsMasked() throws Exception {
    Outcome redis = api(Map.of("REDIS_URL", "redis://:" + SECRET + "@"));
    assertThat(redis.exit()).isEqualTo(2);
    assertThat(redis.errorLines()).containsExactly(
        "Invalid REDIS_URL='redis://:***@': expected a redis://[:password@]host[:port] URL");

    Outcome jdbc = api(Map.of("JDBC_URL", "jdbc:mysql://db:3306/pybase?user=app&password=" + SECRET));
    assertThat(jdbc.exit()).isEqualTo(2);
    assertThat(jdbc.errorLines()).containsExactly("Invalid JDBC_URL='jdbc:mysql://db:3306/pybase?user=app&password=***'"
        + ": expected a jdbc:h2: or jdbc:postgresql://host[:port]/database URL");
    for (Outcome o : new Outcome[] {redis, jdbc}) {
      assertThat(o.output()).doesNotContain(SECRET);
    }
  }

  @Test
  void apiPortInUseIsReportedAsApiPort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Outcome o = api(Map.of("API_PORT", Integer.toString(taken.getLocalPort())));

      assertThat(o.exit()).isEqualTo(3);
      assertThat(o.errorLines()).singleElement().asString()
          .startsWith("Cannot bind API_PORT=" + taken.getLocalPort() + " on 127.0.0.1 (the API)");
      assertNoStackTrace(o);
    }
  }

  @Test
  void metricsPathThatAnApiRouteServesIsRefusedWithWhatIsAllowed() throws Exception {
    Outcome health = api(Map.of("PROMETHEUS_METRICS_PATH", "/api/v1/health", "API_PORT", "0",
        "API_METRICS_PORT", "0"));
    assertThat(health.exit()).isEqualTo(2);
    assertThat(health.errorLines()).containsExactly("Invalid PROMETHEUS_METRICS_PATH='/api/v1/health': expected a"
        + " path no API route serves, such as /api/v1/metrics (servlet 'health' serves /api/v1/health)");
    assertNoStackTrace(health);

    Outcome records = api(Map.of("PROMETHEUS_METRICS_PATH", "/api/v1/tables/metrics", "API_PORT", "0",
        "API_METRICS_PORT", "0"));
    assertThat(records.exit()).isEqualTo(2);
    assertThat(records.errorLines()).containsExactly("Invalid PROMETHEUS_METRICS_PATH='/api/v1/tables/metrics':"
        + " expected a path no API route serves, such as /api/v1/metrics (servlet 'records' serves /api/v1/tables/*)");
  }

  @Test
  void badValuesOfTheApiSettingsAreRefusedInOneLine() throws Exception {
    Map<String, String> bad = Map.of("API_PORT", "http", "BIND_HOST", "not a host", "SEARCH_TIMEOUT_MS", "0",
        "DEPENDENCY_WAIT_SECONDS", "-1", "QUEUE_HEARTBEAT_TTL_MS", "ten");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      Outcome o = api(Map.of(e.getKey(), e.getValue()));
      assertThat(o.exit()).as(e.getKey()).isEqualTo(2);
      assertThat(o.errorLines()).as(e.getKey()).singleElement().asString()
          .startsWith("Invalid " + e.getKey() + "='" + e.getValue() + "': expected ");
    }
  }

  @Test
  void anApiMetricsPortEqualToTheApiPortIsRefusedNamingBoth() throws Exception {
    Outcome o = api(Map.of("API_PORT", "8000", "API_METRICS_PORT", "8000"));
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.errorLines()).containsExactly(
        "Invalid API_METRICS_PORT='8000': expected a port other than API_PORT (8000)");
  }

  @Test
  void anApiWhoseMetricsPortIsTakenExitsNonZeroNamingApiMetricsPort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String metricsPort = Integer.toString(taken.getLocalPort());
      Outcome o = api(Map.of("API_PORT", "0", "BIND_HOST", "127.0.0.1", "API_METRICS_PORT", metricsPort));
      assertThat(o.exit()).isEqualTo(3);
      assertThat(o.output()).contains("API_METRICS_PORT").contains(metricsPort)
          .doesNotContain("PROMETHEUS_METRICS_PORT");
      assertNoStackTrace(o);
    }
  }
}
