package io.pybase.metrics.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The metadata IDEs read for {@code application.properties} completion documents exactly the keys the starter reads,
 * each with the variable it stands for.
 */
class ConfigurationMetadataTest {

  /** One property of the file: its name, then (within the same object) its description ending in the variable. */
  private static final Pattern PROPERTY = Pattern.compile(
      "\\{\\s*\"name\":\\s*\"([^\"]+)\"[^}]*?\"description\":\\s*\"[^\"]*Variable: ([A-Z_]+)\\.\"\\s*}");

  @Test
  void everyKeyTheStarterReadsIsDocumentedWithItsVariableAndNoOther() throws Exception {
    Map<String, String> documented = new HashMap<>();
    String json;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("META-INF/spring-configuration-metadata.json on the class path").isNotNull();
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher property = PROPERTY.matcher(json);
    while (property.find()) {
      documented.put(property.group(2), property.group(1));
    }
    assertThat(json.split("\"name\":", -1)).as("every property matched, none without its variable")
        .hasSize(documented.size() + 1);
    assertThat(documented).isEqualTo(PyBaseMetricsProperties.springKeys());
  }
}
