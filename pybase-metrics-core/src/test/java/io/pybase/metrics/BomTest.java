package io.pybase.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A build gate over the BOM users import ({@code pybase-metrics-bom}). It has no parent, so that importing it brings
 * none of the build's own pins; these checks keep its versions the build's: every published library module at the
 * build's version, and the Prometheus client the parent builds with.
 */
class BomTest {

  /** The reactor root: the parent of this module's directory, where Surefire runs the tests. */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  private final Element parent = pom(ROOT.resolve("pom.xml"));
  private final Element bom = pom(ROOT.resolve("pybase-metrics-bom/pom.xml"));

  @Test
  void bomImportsThePrometheusClientVersionTheParentBuildsWith() {
    assertThat(text(bom, "properties", "prometheus.version")).as("pybase-metrics-bom's prometheus.version")
        .isEqualTo(text(parent, "properties", "prometheus.version"));
  }

  @Test
  void bomHasTheBuildsVersionAndNoParent() {
    assertThat(children(bom, "parent")).as("a parent's dependencyManagement would reach every importer").isEmpty();
    assertThat(text(bom, "version")).isEqualTo(text(parent, "version"));
  }

  @Test
  void bomManagesEveryPublishedLibraryModuleAtTheBuildsVersion() throws IOException {
    Map<String, String> managed = new TreeMap<>();
    for (Element dependency : children(only(children(bom, "dependencyManagement")), "dependencies", "dependency")) {
      if (text(dependency, "groupId").equals("io.pybase")) {
        managed.put(text(dependency, "artifactId"), text(dependency, "version"));
      }
    }

    assertThat(managed.keySet()).as("published pybase-metrics-* modules").isEqualTo(publishedModules());
    assertThat(managed).allSatisfy((module, version) -> assertThat(version).as(module).isEqualTo("${project.version}"));
  }

  /**
   * {@code pybase-metrics-*} modules with main code whose pom keeps the javadoc jar (a module that is not published
   * turns it off, as the README's "Build gates" says).
   */
  private static Set<String> publishedModules() throws IOException {
    Set<String> published = new TreeSet<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module : modules.filter(m -> m.getFileName().toString().startsWith("pybase-metrics-")).toList()) {
        if (Files.isDirectory(module.resolve("src/main/java")) && Files.exists(module.resolve("pom.xml"))
            && !Files.readString(module.resolve("pom.xml")).contains("<maven.javadoc.skip>true</maven.javadoc.skip>")) {
          published.add(module.getFileName().toString());
        }
      }
    }
    assertThat(published).as("published modules under %s", ROOT).contains("pybase-metrics-core");
    return published;
  }

  private static Element pom(Path file) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot read " + file, e);
    }
  }

  /** The elements at {@code path} below {@code element}, one level per name. */
  private static List<Element> children(Element element, String... path) {
    List<Element> current = List.of(element);
    for (String name : path) {
      List<Element> next = new ArrayList<>();
      for (Element e : current) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
          if (n instanceof Element child && child.getTagName().equals(name)) {
            next.add(child);
          }
        }
      }
      current = next;
    }
    return current;
  }

  private static Element only(List<Element> elements) {
    assertThat(elements).hasSize(1);
    return elements.get(0);
  }

  private static String text(Element element, String... path) {
    List<Element> found = children(element, path);
    assertThat(found).as("<%s> of %s", String.join("/", path), element.getTagName()).hasSize(1);
    return found.get(0).getTextContent().trim();
  }
}
