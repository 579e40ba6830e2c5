package io.pybase.examples.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Instrument your service" code is copied from the examples: every Java block of its JAX-RS,
 * plain-servlet and task-worker parts is followed by a link to the example file it comes from, and every line of the
 * block (comment lines aside) is a line of that file, so it compiles there as printed. The plain-Spring lines of its
 * Spring Boot part are run as printed by the starter's own tests ({@code ReadmeExamplesTest}, {@code TestApps}).
 */
class ExampleSnippetsTest {

  /** The first link to an example's Java source in a line: its path from the repository root. */
  private static final Pattern EXAMPLE_LINK = Pattern.compile("\\]\\((examples/[^)\\s]+\\.java)\\)");

  @Test
  void everyReadmeJavaBlockOfInstrumentYourServiceIsLinkedToTheExampleFileThatHoldsEachOfItsLines()
      throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize().getParent();
    String readme = Files.readString(root.resolve("README.md"));
    // the JAX-RS, plain-servlet and task-worker blocks; the Spring Boot block is checked by the starter's
    // ReadmeExamplesTest
    int start = readme.indexOf("\n### JAX-RS (Jersey, RESTEasy)");
    assertThat(start).as("README section").isPositive();
    assertThat(readme.indexOf("\n### A task worker", start)).as("the worker's block, inside the checked part")
        .isPositive();
    int end = readme.indexOf("\n## Modules", start + 1);
    String[] lines = readme.substring(start, end < 0 ? readme.length() : end).split("\n", -1);

    int blocks = 0;
    int printedLines = 0;
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].equals("```java")) {
        continue;
      }
      List<String> printed = new ArrayList<>();
      int close = i + 1;
      for (; !lines[close].startsWith("```"); close++) {
        String code = lines[close].strip();
        if (!code.isEmpty() && !code.startsWith("//")) {
          printed.add(code);
        }
      }
      int after = close + 1;
      while (after < lines.length && lines[after].isBlank()) {
        after++;
      }
      String firstCode = printed.isEmpty() ? "(empty block)" : printed.get(0);
      assertThat(after).as("text after the block starting %s", firstCode).isLessThan(lines.length);
      Matcher link = EXAMPLE_LINK.matcher(lines[after]);
      assertThat(link.find()).as("a link to its example's .java file right after the block starting %s, got: %s",
          firstCode, lines[after]).isTrue();
      Path source = root.resolve(link.group(1));
      assertThat(source).as("the linked example file").isRegularFile();
      List<String> sourceLines = new ArrayList<>();
      for (String line : Files.readAllLines(source)) {
        sourceLines.add(line.strip());
      }
      assertThat(sourceLines).as("lines of %s", link.group(1)).containsAll(printed);
      blocks++;
      printedLines += printed.size();
      i = close;
    }
    assertThat(blocks).as("Java blocks checked").isGreaterThanOrEqualTo(6);
    assertThat(printedLines).isGreaterThan(60);
  }
}
