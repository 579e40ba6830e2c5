package io.pybase.metrics.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * An embedded Tomcat 11 as tests run one: its base in a new temporary directory, listening on 127.0.0.1 and a free
 * port; stopped, destroyed and its base deleted, or failing the test. The test brings Tomcat (this module only
 * compiles against it).
 *
 * <pre>{@code
 * Tomcat tomcat = LoopbackTomcat.create();
 * Context context = tomcat.addContext("", LoopbackTomcat.base(tomcat).toString());
 * tomcat.start();
 * URI root = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
 * ...
 * LoopbackTomcat.stop(tomcat);
 * }</pre>
 */
public final class LoopbackTomcat {

  private LoopbackTomcat() {}

  /** A Tomcat whose connector is on 127.0.0.1 and port 0 (a free port, chosen when it starts). */
  public static Tomcat create() throws IOException {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    tomcat.getHost();
    return tomcat;
  }

  /** The base directory {@link #create()} made for {@code tomcat}. */
  public static Path base(Tomcat tomcat) {
    return tomcat.getServer().getCatalinaBase().toPath();
  }

  /**
   * Stops and destroys {@code tomcat}, then deletes its base directory: one that does not stop is an
   * {@link IllegalStateException}, a base that cannot be deleted an {@link UncheckedIOException}.
   */
  public static void stop(Tomcat tomcat) {
    Path base = base(tomcat);
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      throw new IllegalStateException("Tomcat did not stop", e);
    } finally {
      delete(base);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
