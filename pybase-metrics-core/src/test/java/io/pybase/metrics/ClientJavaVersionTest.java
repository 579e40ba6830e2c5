package io.pybase.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The client_java version on the classpath is told apart from older ones that a foreign BOM may bring. */
class ClientJavaVersionTest {

  @Test
  void readsTheVersionOfTheClientOnTheClasspath() {
    assertThat(ClientJavaVersion.onClasspath()).isEqualTo(ClientJavaVersion.SUPPORTED);
  }

  @Test
  void comparesVersionsNumerically() {
    assertThat(ClientJavaVersion.isOlder("1.3.10", "1.10.0")).isTrue();
    assertThat(ClientJavaVersion.isOlder("1.9.1", "1.10.0")).isTrue();
    assertThat(ClientJavaVersion.isOlder("1.10.0", "1.10.0")).isFalse();
    assertThat(ClientJavaVersion.isOlder("1.10.1-SNAPSHOT", "1.10.0")).isFalse();
    assertThat(ClientJavaVersion.isOlder("2.0", "1.10.0")).isFalse();
  }

  @Test
  void theWarningIsOneLineThatSaysWhatToDo() {
    String message = ClientJavaVersion.message("1.3.10");
    assertThat(message).doesNotContain("\n").contains("1.3.10").contains("1.10.0")
        .contains("Import pybase-metrics-bom first");
  }
}
