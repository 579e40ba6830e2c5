package io.pybase.metrics.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybase.metrics.PyBaseMetrics;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code web.xml} application as the README shows it: filter and endpoint declared by hand, auto-install left on,
 * deployed through each container's real web-application path (which discovers initializers). The declared pieces
 * are used and nothing is installed twice.
 */
class WebXmlAppTest {

  private static final String HELLO = """
        <servlet>
          <servlet-name>hello</servlet-name>
          <servlet-class>io.pybase.metrics.servlet.WebXmlAppTest$HelloServlet</servlet-class>
        </servlet>
        <servlet-mapping>
          <servlet-name>hello</servlet-name>
          <url-pattern>/webxml/hello</url-pattern>
        </servlet-mapping>
      """;

  /** Only the application's servlet: the discovered initializer adds filter and endpoint. */
  private static final String PLAIN_WEB_XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.1\">\n" + HELLO + "</web-app>\n";

  private static final String WEB_XML = """
      <?xml version="1.0" encoding="UTF-8"?>
      <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.1">
        <filter>
          <filter-name>pybaseMetrics</filter-name>
          <filter-class>io.pybase.metrics.servlet.PyBaseMetricsFilter</filter-class>
          <async-supported>true</async-supported>
        </filter>
        <filter-mapping>
          <filter-name>pybaseMetrics</filter-name>
          <url-pattern>/*</url-pattern>
          <dispatcher>REQUEST</dispatcher>
        </filter-mapping>
        <servlet>
          <servlet-name>metrics</servlet-name>
          <servlet-class>io.pybase.metrics.servlet.MetricsEndpointServlet</servlet-class>
        </servlet>
        <servlet-mapping>
          <servlet-name>metrics</servlet-name>
          <url-pattern>/api/v1/metrics</url-pattern>
        </servlet-mapping>
      """ + HELLO + "</web-app>\n";

  private Path war;

  /** A servlet declared in web.xml. */
  public static class HelloServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.getWriter().write("hello");
    }
  }

  @BeforeEach
  void createWar() throws IOException {
    war = Files.createTempDirectory("webxml-app");
    Files.createDirectories(war.resolve("WEB-INF"));
  }

  private void webXml(String content) throws IOException {
    Files.writeString(war.resolve("WEB-INF/web.xml"), content);
  }

  @AfterEach
  void deleteWar() throws IOException {
    try (Stream<Path> files = Files.walk(war)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  private static double hellos(int port) throws Exception {
    HttpResponse<String> r = RunningApp.CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return Scrape.parse(r.body()).value("http_requests_total", "method", "GET", "endpoint", "/webxml/hello",
        "status", "200");
  }

  private static void assertOneFilterAndEndpoint(ServletContext ctx, String filterName, String endpointName) {
    assertThat(ctx.getFilterRegistrations().values())
        .filteredOn(r -> PyBaseMetricsFilter.class.getName().equals(r.getClassName()))
        .extracting(FilterRegistration::getName).containsExactly(filterName);
    assertThat(ctx.getServletRegistrations().values())
        .filteredOn(r -> MetricsEndpointServlet.class.getName().equals(r.getClassName()))
        .extracting(ServletRegistration::getName).containsExactly(endpointName);
  }

  private static void assertRecordsOnce(int port) throws Exception {
    PyBaseMetrics.get();
    double before = hellos(port);
    HttpResponse<String> r = RunningApp.CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webxml/hello")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).isEqualTo("hello");
    assertThat(hellos(port) - before).isEqualTo(1);
  }

  @Test
  void jettyWebAppUsesDeclaredFilterAndEndpointOnce() throws Exception {
    webXml(WEB_XML);
    runJetty("pybaseMetrics", "metrics");
  }

  @Test
  void jettyWebAppGetsFilterAndEndpointFromTheDiscoveredInitializer() throws Exception {
    webXml(PLAIN_WEB_XML);
    runJetty(ServletMetrics.FILTER_NAME, ServletMetrics.ENDPOINT_NAME);
  }

  @Test
  void tomcatWebAppUsesDeclaredFilterAndEndpointOnce() throws Exception {
    webXml(WEB_XML);
    runTomcat("pybaseMetrics", "metrics");
  }

  @Test
  void tomcatWebAppGetsFilterAndEndpointFromTheDiscoveredInitializer() throws Exception {
    webXml(PLAIN_WEB_XML);
    runTomcat(ServletMetrics.FILTER_NAME, ServletMetrics.ENDPOINT_NAME);
  }

  private void runJetty(String filterName, String endpointName) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/");
    webapp.setWar(war.toString());
    webapp.setParentLoaderPriority(true);
    // Tomcat's initializers are on this test classpath too; a real Jetty deployment has none
    webapp.setAttribute("org.eclipse.jetty.containerInitializerExclusionPattern", "org\\.apache\\..*");
    server.setHandler(webapp);
    server.start();
    try {
      assertOneFilterAndEndpoint(webapp.getServletContext(), filterName, endpointName);
      assertRecordsOnce(connector.getLocalPort());
    } finally {
      server.stop();
    }
  }

  private void runTomcat(String filterName, String endpointName) throws Exception {
    Path base = Files.createTempDirectory("tomcat-webxml");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    Context context = tomcat.addWebapp("", war.toString());
    // Jetty's initializers are on this test classpath too; a real Tomcat deployment has none
    context.setContainerSciFilter("org\\.eclipse\\..*");
    tomcat.start();
    try {
      assertOneFilterAndEndpoint(context.getServletContext(), filterName, endpointName);
      assertRecordsOnce(connector.getLocalPort());
    } finally {
      tomcat.stop();
      tomcat.destroy();
      try (Stream<Path> files = Files.walk(base)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}
