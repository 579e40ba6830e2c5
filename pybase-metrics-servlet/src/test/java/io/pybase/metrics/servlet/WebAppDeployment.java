package io.pybase.metrics.servlet;

import io.pybase.metrics.test.Exposition;
import io.pybase.metrics.test.LoopbackJetty;
import io.pybase.metrics.test.LoopbackTomcat;
import jakarta.servlet.ServletContext;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;

/**
 * An exploded web application (a {@code WEB-INF/web.xml} in a directory) deployed through a container's real
 * web-application path, which reads {@code web.xml} and discovers initializers, on 127.0.0.1 and a free port.
 *
 * <pre>{@code
 * try (WebAppDeployment app = WebAppDeployment.tomcat(war)) {
 *   app.get("/hello");
 * }
 * }</pre>
 */
abstract class WebAppDeployment implements AutoCloseable {

  final int port;

  private WebAppDeployment(int port) {
    this.port = port;
  }

  /** The deployed application's context. */
  abstract ServletContext context();

  /** Stops the container and deletes what it wrote; a failure to stop is an {@link IllegalStateException}. */
  @Override
  public abstract void close();

  /** Writes {@code WEB-INF/web.xml} into a new exploded application directory. */
  static Path explodedWar(String webXml) throws IOException {
    Path war = Files.createTempDirectory("webapp");
    Files.createDirectories(war.resolve("WEB-INF"));
    Files.writeString(war.resolve("WEB-INF/web.xml"), webXml);
    return war;
  }

  /** Deletes a directory tree. */
  static void delete(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  /**
   * Jetty 12 ee11's {@link WebAppContext}. {@code parentFirst}: classes come from the test class path (the library
   * shared by the container), else from {@code WEB-INF} first, as a deployed application's do.
   */
  static WebAppDeployment jetty(Path war, boolean parentFirst) throws Exception {
    Server server = LoopbackJetty.server();
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/");
    webapp.setWar(war.toString());
    webapp.setParentLoaderPriority(parentFirst);
    // Tomcat's initializers are on this test classpath too; a real Jetty deployment has none
    webapp.setAttribute("org.eclipse.jetty.containerInitializerExclusionPattern", "org\\.apache\\..*");
    server.setHandler(webapp);
    server.start();
    return new WebAppDeployment(LoopbackJetty.port(server)) {
      @Override
      ServletContext context() {
        return webapp.getServletContext();
      }

      @Override
      public void close() {
        LoopbackJetty.stop(server);
      }
    };
  }

  /** Tomcat 11's web-application deployment ({@code addWebapp}): {@code WEB-INF} classes first, as in Tomcat. */
  static WebAppDeployment tomcat(Path war) throws Exception {
    Tomcat tomcat = LoopbackTomcat.create();
    Context context = tomcat.addWebapp("", war.toString());
    // Jetty's initializers are on this test classpath too; a real Tomcat deployment has none
    context.setContainerSciFilter("org\\.eclipse\\..*");
    tomcat.start();
    return new WebAppDeployment(tomcat.getConnector().getLocalPort()) {
      @Override
      ServletContext context() {
        return context.getServletContext();
      }

      @Override
      public void close() {
        LoopbackTomcat.stop(tomcat);
      }
    };
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return RunningApp.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Scrapes {@code /api/v1/metrics}. */
  Exposition scrape() throws IOException, InterruptedException {
    HttpResponse<String> r = get("/api/v1/metrics");
    if (r.statusCode() != 200) {
      throw new AssertionError("scrape answered " + r.statusCode() + ": " + r.body());
    }
    return Exposition.parse(r.body());
  }
}
