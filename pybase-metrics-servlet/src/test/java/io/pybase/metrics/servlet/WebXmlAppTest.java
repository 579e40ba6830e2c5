package io.pybase.metrics.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybase.metrics.PyBaseMetrics;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
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

  private void webXml(String content) throws IOException {
    war = WebAppDeployment.explodedWar(content);
  }

  @AfterEach
  void deleteWar() throws IOException {
    WebAppDeployment.delete(war);
  }

  private static double hellos(WebAppDeployment app) throws Exception {
    return app.scrape().requests("GET", "/webxml/hello", 200);
  }

  private static void assertOneFilterAndEndpoint(ServletContext ctx, String filterName, String endpointName) {
    assertThat(ctx.getFilterRegistrations().values())
        .filteredOn(r -> PyBaseMetricsFilter.class.getName().equals(r.getClassName()))
        .extracting(FilterRegistration::getName).containsExactly(filterName);
    assertThat(ctx.getServletRegistrations().values())
        .filteredOn(r -> MetricsEndpointServlet.class.getName().equals(r.getClassName()))
        .extracting(ServletRegistration::getName).containsExactly(endpointName);
  }

  private static void assertRecordsOnce(WebAppDeployment app) throws Exception {
    PyBaseMetrics.get();
    double before = hellos(app);
    assertThat(app.get("/webxml/hello").body()).isEqualTo("hello");
    assertThat(hellos(app) - before).isEqualTo(1);
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
    try (WebAppDeployment app = WebAppDeployment.jetty(war, true)) {
      assertOneFilterAndEndpoint(app.context(), filterName, endpointName);
      assertRecordsOnce(app);
    }
  }

  private void runTomcat(String filterName, String endpointName) throws Exception {
    try (WebAppDeployment app = WebAppDeployment.tomcat(war)) {
      assertOneFilterAndEndpoint(app.context(), filterName, endpointName);
      assertRecordsOnce(app);
    }
  }
}
