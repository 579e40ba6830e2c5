package io.pybase.examples.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's "Instrument your service" code is copied from the examples: every line of its Java blocks (comment
 * lines aside) is a line of an example's source, so it compiles there as printed. The plain-Spring lines of its
 * Spring Boot part are run as printed by the starter's own tests ({@code ReadmeExamplesTest}, {@code TestApps}).
 */
class ExampleSnippetsTest {

  @Test
  void everyReadmeJavaLineOfInstrumentYourServiceIsInAnExample() throws IOException {
    Path examples = Path.of("..").toAbsolutePath().normalize();
    String readme = Files.readString(examples.getParent().resolve("README.md"));
    // the JAX-RS, plain-servlet and task-worker blocks; the Spring Boot block is checked by the starter's
    // ReadmeExamplesTest
    int start = readme.indexOf("\n### JAX-RS (Jersey, RESTEasy)");
    assertThat(start).as("README section").isPositive();
    assertThat(readme.indexOf("\n### A task worker", start)).as("the worker's block, inside the checked part")
        .isPositive();
    int end = readme.indexOf("\n## Modules", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);

    List<String> printed = new ArrayList<>();
    boolean inJava = false;
    for (String line : section.split("\n", -1)) {
      if (line.startsWith("```")) {
        inJava = line.equals("```java");
        continue;
      }
      String code = line.strip();
      if (inJava && !code.isEmpty() && !code.startsWith("//")) {
        printed.add(code);
      }
    }
    assertThat(printed).hasSizeGreaterThan(30);

    List<Path> sources;
    try (Stream<Path> files = Files.walk(examples)) {
      sources = files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/"))
          .collect(Collectors.toCollection(ArrayList::new));
    }
    Path starterTests = examples.getParent().resolve(
        "pybase-metrics-spring-boot/src/test/java/io/pybase/metrics/spring/boot");
    sources.add(starterTests.resolve("ReadmeExamplesTest.java"));
    sources.add(starterTests.resolve("TestApps.java"));
    List<String> sourceLines = new ArrayList<>();
    for (Path source : sources) {
      for (String line : Files.readAllLines(source)) {
        sourceLines.add(line.strip());
      }
    }
    assertThat(sourceLines).containsAll(printed);
  }
}
