package io.pybase.metrics.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pybase.metrics.test.Exposition;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code web.xml} application that maps the filter for every dispatcher type ({@code REQUEST, ERROR, FORWARD,
 * INCLUDE, ASYNC}) and declares error pages, as many do: each request is counted once, under the servlet that served
 * it, with the status the client receives, in real Jetty and Tomcat deployments.
 */
class DispatchCountingTest {

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
          <dispatcher>ERROR</dispatcher>
          <dispatcher>FORWARD</dispatcher>
          <dispatcher>INCLUDE</dispatcher>
          <dispatcher>ASYNC</dispatcher>
        </filter-mapping>
      """
      + servlet("missing", "MissingServlet", "/missing")
      + servlet("errorPage", "ErrorPageServlet", "/error")
      + servlet("forward", "ForwardServlet", "/forward")
      + servlet("include", "IncludeServlet", "/include")
      + servlet("asyncDispatch", "AsyncDispatchServlet", "/async-dispatch")
      + servlet("hello", "HelloServlet", "/hello")
      + servlet("throwing", "ThrowingServlet", "/throwing")
      + """
        <error-page>
          <error-code>404</error-code>
          <location>/error</location>
        </error-page>
        <error-page>
          <exception-type>java.lang.IllegalStateException</exception-type>
          <location>/error</location>
        </error-page>
      </web-app>
      """;

  private static String servlet(String name, String simpleClassName, String pattern) {
    return "  <servlet><servlet-name>" + name + "</servlet-name><servlet-class>io.pybase.metrics.servlet."
        + "DispatchCountingTest$" + simpleClassName + "</servlet-class><async-supported>true</async-supported>"
        + "</servlet>\n  <servlet-mapping><servlet-name>" + name + "</servlet-name><url-pattern>" + pattern
        + "</url-pattern></servlet-mapping>\n";
  }

  private Path war;

  @BeforeEach
  void createWar() throws IOException {
    war = WebAppDeployment.explodedWar(WEB_XML);
  }

  @AfterEach
  void deleteWar() throws IOException {
    WebAppDeployment.delete(war);
  }

  @Test
  void jettyCountsEachRequestOnceWhateverTheDispatch() throws Exception {
    try (WebAppDeployment app = WebAppDeployment.jetty(war, true)) {
      assertEachRequestCountedOnce(app);
    }
  }

  @Test
  void tomcatCountsEachRequestOnceWhateverTheDispatch() throws Exception {
    try (WebAppDeployment app = WebAppDeployment.tomcat(war)) {
      assertEachRequestCountedOnce(app);
    }
  }

  private static void assertEachRequestCountedOnce(WebAppDeployment app) throws Exception {
    assertCountedOnce(app, "/missing", 404, "/missing", "error page");        // sendError(404) + ERROR dispatch
    assertCountedOnce(app, "/throwing", 500, "/throwing", "error page");      // exception + ERROR dispatch
    assertCountedOnce(app, "/forward", 200, "/forward", "hello");             // FORWARD dispatch
    assertCountedOnce(app, "/include", 200, "/include", "included hello");    // INCLUDE dispatch
    assertCountedOnce(app, "/async-dispatch", 200, "/async-dispatch", "hello"); // ASYNC dispatch
  }

  private static void assertCountedOnce(WebAppDeployment app, String path, int status, String endpoint, String body)
      throws Exception {
    Exposition before = app.scrape();
    HttpResponse<String> response = app.get(path);
    assertThat(response.statusCode()).as("GET %s", path).isEqualTo(status);
    assertThat(response.body()).as("GET %s", path).contains(body);
    // a container may send an error page before it ends the request, where a thrown request is recorded
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(app.scrape().sum("http_requests_total")
        - before.sum("http_requests_total")).as("GET %s counted", path).isEqualTo(1));
    Thread.sleep(100);
    Exposition after = app.scrape();
    assertThat(after.sum("http_requests_total") - before.sum("http_requests_total")).as("GET %s counted", path)
        .isEqualTo(1);
    assertThat(after.requests("GET", endpoint, status) - before.requests("GET", endpoint, status))
        .as("GET %s under %s %d", path, endpoint, status).isEqualTo(1);
    assertThat(after.sum("api_latency_histogram_count") - before.sum("api_latency_histogram_count"))
        .as("GET %s timed once", path).isEqualTo(1);
  }

  /** Answers 404 through sendError: the 404 error page writes the body. */
  public static class MissingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.sendError(404);
    }
  }

  /** The error page of 404s and of IllegalStateException. */
  public static class ErrorPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.getWriter().write("error page for " + req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
    }
  }

  /** Forwards to /hello. */
  public static class ForwardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
      req.getRequestDispatcher("/hello").forward(req, resp);
    }
  }

  /** Includes /hello. */
  public static class IncludeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
      resp.getWriter().write("included ");
      req.getRequestDispatcher("/hello").include(req, resp);
    }
  }

  /** Starts async, then dispatches to /hello. */
  public static class AsyncDispatchServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      AsyncContext async = req.startAsync();
      async.start(() -> async.dispatch("/hello"));
    }
  }

  /** Writes hello. */
  public static class HelloServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.getWriter().write("hello");
    }
  }

  /** Throws an exception the application maps to its error page. */
  public static class ThrowingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      throw new IllegalStateException("mapped to the error page");
    }
  }
}
