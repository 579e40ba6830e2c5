package io.pybase.metrics.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
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

  private static final Pattern VARIABLE = Pattern.compile("Variable: ([A-Z_]+)\\.$");

  @Test
  void everyKeyTheStarterReadsIsDocumentedWithItsVariableAndNoOther() throws Exception {
    Map<String, String> documented = new HashMap<>();
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("META-INF/spring-configuration-metadata.json on the class path").isNotNull();
      for (JsonNode property : new ObjectMapper().readTree(in).get("properties")) {
        String description = property.get("description").asText();
        Matcher variable = VARIABLE.matcher(description);
        assertThat(variable.find()).as("%s names its variable: %s", property.get("name"), description).isTrue();
        documented.put(variable.group(1), property.get("name").asText());
      }
    }
    assertThat(documented).isEqualTo(PyBaseMetricsProperties.springKeys());
  }
}
