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
 * The README's example code is copied from the examples: every Java block of the JAX-RS, plain-servlet and
 * task-worker parts of "Instrument your service" is followed by a link to the example file it comes from, and every
 * line of a block so linked, anywhere in the README (comment lines aside), is a line of that file, so it compiles
 * there as printed. The plain-Spring lines of the Spring Boot part are run as printed by the starter's own tests
 * ({@code ReadmeExamplesTest}, {@code TestApps}).
 */
class ExampleSnippetsTest {

  /** The first link to an example's Java source in a line: its path from the repository root. */
  private static final Pattern EXAMPLE_LINK = Pattern.compile("\\]\\((examples/[^)\\s]+\\.java)\\)");

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize().getParent();

  /** A Java block of the README: its lines (comments and blank lines left out) and the line after it. */
  private record Block(List<String> code, String next) {
    String first() {
      return code.isEmpty() ? "(empty block)" : code.get(0);
    }
  }

  private static List<Block> javaBlocks(String markdown) {
    String[] lines = markdown.split("\n", -1);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].equals("```java")) {
        continue;
      }
      List<String> code = new ArrayList<>();
      int close = i + 1;
      for (; !lines[close].startsWith("```"); close++) {
        String line = lines[close].strip();
        if (!line.isEmpty() && !line.startsWith("//")) {
          code.add(line);
        }
      }
      int after = close + 1;
      while (after < lines.length && lines[after].isBlank()) {
        after++;
      }
      blocks.add(new Block(code, after < lines.length ? lines[after] : ""));
      i = close;
    }
    return blocks;
  }

  /** Asserts that every line of {@code block} is a line of the example its next line links to; false without link. */
  private static boolean checkLinkedExample(Block block) throws IOException {
    Matcher link = EXAMPLE_LINK.matcher(block.next());
    if (!link.find()) {
      return false;
    }
    Path source = ROOT.resolve(link.group(1));
    assertThat(source).as("the example file linked after the block starting %s", block.first()).isRegularFile();
    List<String> sourceLines = new ArrayList<>();
    for (String line : Files.readAllLines(source)) {
      sourceLines.add(line.strip());
    }
    assertThat(sourceLines).as("lines of %s", link.group(1)).containsAll(block.code());
    return true;
  }

  @Test
  void everyReadmeJavaBlockOfInstrumentYourServiceIsLinkedToTheExampleFileThatHoldsEachOfItsLines()
      throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    // the JAX-RS, plain-servlet and task-worker blocks; the Spring Boot block is checked by the starter's
    // ReadmeExamplesTest
    int start = readme.indexOf("\n### JAX-RS (Jersey, RESTEasy)");
    assertThat(start).as("README section").isPositive();
    assertThat(readme.indexOf("\n### A task worker", start)).as("the worker's block, inside the checked part")
        .isPositive();
    int end = readme.indexOf("\n## Modules", start + 1);
    List<Block> blocks = javaBlocks(readme.substring(start, end < 0 ? readme.length() : end));

    int printedLines = 0;
    for (Block block : blocks) {
      assertThat(checkLinkedExample(block))
          .as("a link to its example's .java file right after the block starting %s, got: %s", block.first(),
              block.next())
          .isTrue();
      printedLines += block.code().size();
    }
    assertThat(blocks).as("Java blocks checked").hasSizeGreaterThanOrEqualTo(6);
    assertThat(printedLines).isGreaterThan(60);
  }

  @Test
  void everyReadmeJavaBlockLinkedToAnExampleFileElsewhereIsInThatFile() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int linked = 0;
    for (Block block : javaBlocks(readme)) {
      if (checkLinkedExample(block)) {
        linked++;
      }
    }
    assertThat(linked).as("linked blocks, the metrics server's MetricsPort listener among them")
        .isGreaterThanOrEqualTo(7);
  }
}
