package io.pybase.metrics.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.util.Jetty;
import org.junit.jupiter.api.Test;

/**
 * This module's tests run twice, on Jetty 12.1 (what it is built against) and on a Jetty 12.0 older than 12.0.24 (what a
 * Spring Boot 3.5 application may put on the classpath), see the surefire executions in the pom: each run proves it
 * really ran on the Jetty it names.
 */
class JettyVersionTest {

  @Test
  void runsOnTheJettyThisTestRunNames() {
    String expected = System.getProperty("pybase.test.jetty.version");
    assertThat(expected).as("pybase.test.jetty.version, set by the surefire execution").isNotBlank();
    assertThat(Jetty.VERSION).isEqualTo(expected);
  }
}
