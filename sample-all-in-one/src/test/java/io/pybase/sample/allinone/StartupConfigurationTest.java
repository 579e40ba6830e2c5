package io.pybase.sample.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybase.sample.testing.MainProcess;
import io.pybase.sample.testing.MainProcess.Outcome;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad settings of the all-in-one stack and the traffic generator stop them with one line naming the variable and a
 * non-zero exit (real JVMs); a port conflict is reported under the setting that chose the port.
 */
class StartupConfigurationTest {

  private static Outcome run(Class<?> main, Map<String, String> env) throws Exception {
    return MainProcess.run(main, env, Duration.ofSeconds(60));
  }

  @Test
  void allInOneStackWithBadFailureRateOrPortIsRefused() throws Exception {
    Outcome rate = run(AllInOneStack.class, Map.of("EXTRACTION_FAILURE_RATE", "lots"));
    assertThat(rate.exit()).isEqualTo(2);
    assertThat(rate.errorLines()).containsExactly("Invalid EXTRACTION_FAILURE_RATE='lots': expected a number from 0 to 1");

    Outcome port = run(AllInOneStack.class, Map.of("API_PORT", "http"));
    assertThat(port.exit()).isEqualTo(2);
    assertThat(port.errorLines()).singleElement().asString().startsWith("Invalid API_PORT='http'");
  }

  @Test
  void aTakenWorkerMetricsPortIsReportedUnderItsOwnSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Outcome o = run(AllInOneStack.class, Map.of("API_PORT", "0", "API_METRICS_PORT", "0",
          "EXTRACTION_METRICS_PORT", "0",
          "SEARCH_METRICS_PORT", Integer.toString(taken.getLocalPort())));
      assertThat(o.exit()).isEqualTo(3);
      assertThat(o.errorLines()).singleElement().asString()
          .startsWith("Cannot bind SEARCH_METRICS_PORT=" + taken.getLocalPort() + " on 127.0.0.1 (the search worker's"
              + " metrics)");
      assertThat(o.output()).doesNotContain("PROMETHEUS_METRICS_PORT").doesNotContain("\tat ");
    }
  }

  @Test
  void theStartLineNeverShowsTheDatabasePassword() throws Exception {
    Outcome o = run(AllInOneStack.class, Map.of("API_PORT", "0", "API_METRICS_PORT", "0",
          "EXTRACTION_METRICS_PORT", "0",
        "SEARCH_METRICS_PORT", "0", "DEPENDENCY_WAIT_SECONDS", "1",
        "JDBC_URL", "jdbc:postgresql://127.0.0.1:1/pybase?user=app&password=TopSecretPw"));
    assertThat(o.exit()).isEqualTo(3);
    assertThat(o.errorLines()).last().asString().contains("JDBC_URL='jdbc:postgresql://127.0.0.1:1/pybase?user=app"
        + "&password=***'");
    assertThat(o.output()).doesNotContain("TopSecretPw");
  }

  @Test
  void trafficUsersMustBeAPositiveInteger() throws Exception {
    for (String users : new String[] {"abc", "0", "-1"}) {
      Outcome o = MainProcess.run(TrafficGenerator.class, java.util.List.of("1"), Map.of("TRAFFIC_USERS", users),
          Duration.ofSeconds(60));
      assertThat(o.exit()).as(users).isEqualTo(2);
      assertThat(o.errorLines()).as(users).containsExactly("Invalid TRAFFIC_USERS='" + users + "': expected an integer"
          + " from 1 to 64");
    }
    Outcome remote = MainProcess.run(TrafficGenerator.class, java.util.List.of("1"),
        Map.of("API_URL", "http://192.0.2.10:8000"), Duration.ofSeconds(60));
    assertThat(remote.exit()).isEqualTo(2);
    assertThat(remote.errorLines()).containsExactly("Invalid API_URL='http://192.0.2.10:8000': expected a loopback URL"
        + " such as http://127.0.0.1:8000");
  }
}
