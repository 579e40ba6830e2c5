package io.pybase.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A build gate over every library module of the reactor ({@code pybase-metrics-*}, present and future): each package
 * of main code has a {@code package-info.java} that documents it with an example and marks it
 * {@code @NullMarked}, so NullAway and JSpecify-aware callers read its unannotated types as non-null.
 */
class LibraryPackagesTest {

  /** The reactor root: the parent of this module's directory, where Surefire runs the tests. */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void everyLibraryPackageHasADocumentedNullMarkedPackageInfo() throws IOException {
    Set<Path> packages = libraryPackages();
    assertThat(packages).as("library packages under %s", ROOT).isNotEmpty();

    List<String> problems = new ArrayList<>();
    for (Path dir : packages) {
      Path info = dir.resolve("package-info.java");
      String where = ROOT.relativize(dir).toString();
      if (!Files.exists(info)) {
        problems.add(where + ": no package-info.java (javadoc with a {@code} example, @NullMarked)");
        continue;
      }
      String text = Files.readString(info);
      if (!text.contains("@NullMarked") || !text.contains("import org.jspecify.annotations.NullMarked;")) {
        problems.add(where + "/package-info.java: not @NullMarked (org.jspecify.annotations.NullMarked)");
      }
      if (!text.contains("/**") || !text.contains("<pre>{@code")) {
        problems.add(where + "/package-info.java: no javadoc with a <pre>{@code ...}</pre> example");
      }
    }
    assertThat(problems).as("library packages without a proper package-info.java").isEmpty();
  }

  private static Set<Path> libraryPackages() throws IOException {
    Set<Path> packages = new TreeSet<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module : modules.filter(m -> m.getFileName().toString().startsWith("pybase-metrics-")).toList()) {
        Path sources = module.resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(sources)) {
          files.filter(f -> f.toString().endsWith(".java")).forEach(f -> packages.add(f.getParent()));
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
      }
    }
    return packages;
  }
}
