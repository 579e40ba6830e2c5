package io.pybase.metrics.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.servlet.websocket.WebSocketConnectionTracker;
import io.pybase.metrics.test.Exposition;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A router servlet mapped to {@code /rest/*}, as a JAX-RS runtime or a framework dispatcher is, names its routes with
 * {@link RouteTemplates}: the matched template becomes the endpoint, and a request it matches no route for is
 * {@code not_found} (404) or {@code unmatched}, never the router's mapping pattern. It declares its routes
 * ({@link ServletMetrics#initRoute}), as every router does, so its mapping is not pre-created either. In real Jetty and
 * Tomcat.
 */
class RouterTemplatesTest {

  static Stream<Supplier<ServletContainerUnderTest>> containers() {
    return Stream.of(JettyContainer::new, TomcatContainer::new);
  }

  /** Routes {@code /rest/items/{id}}; refuses anything else the way a JAX-RS runtime does. */
  static final class Router extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String path = req.getPathInfo() == null ? "" : req.getPathInfo();
      if (path.matches("/items/[0-9]+")) {
        RouteTemplates.set(req, "/rest/items/{id}");
        resp.getWriter().write(String.valueOf(RouteTemplates.get(req)));
      } else if (path.equals("/empty-template")) {
        try {
          RouteTemplates.set(req, "");
          resp.getWriter().write("accepted");
        } catch (IllegalArgumentException e) {
          resp.getWriter().write(e.getMessage());
        }
      } else if (path.startsWith("/items")) {
        RouteTemplates.setNoRouteMatched(req);
        resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
      } else {
        RouteTemplates.setNoRouteMatched(req);
        resp.sendError(HttpServletResponse.SC_NOT_FOUND);
      }
    }
  }

  private static RunningApp start(Supplier<ServletContainerUnderTest> containers) throws Exception {
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(),
        PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    ServletMetricsConfig config = ServletMetricsConfig.builder().build();
    ServletContainerInitializer router = (Set<Class<?>> classes, ServletContext ctx) -> {
      ctx.addServlet("rest-router", new Router()).addMapping("/rest/*");
      // a router declares its routes, so its own mapping is no route of its own (README "Known routes start at zero")
      ServletMetrics.initRoute(ctx, "rest-router", "GET", "/rest/items/{id}");
    };
    return RunningApp.start(containers, "router", metrics, WebSocketConnectionTracker.of(metrics),
        ctx -> ServletMetrics.install(ctx, metrics, config), config.metricsPath(), List.of(), List.of(router));
  }

  @ParameterizedTest
  @MethodSource("containers")
  void recordsTheTemplateTheRouterMatched(Supplier<ServletContainerUnderTest> containers) throws Exception {
    try (RunningApp app = start(containers)) {
      HttpResponse<String> response = app.get("/rest/items/42");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("/rest/items/{id}");
      assertThat(app.scrape().requests("GET", "/rest/items/{id}", 200)).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @MethodSource("containers")
  void recordsNoRouteMatchedAsNotFoundFor404AndUnmatchedOtherwise(Supplier<ServletContainerUnderTest> containers)
      throws Exception {
    try (RunningApp app = start(containers)) {
      assertThat(app.get("/rest/no/such/route").statusCode()).isEqualTo(404);
      assertThat(app.get("/rest/items/not-a-number").statusCode()).isEqualTo(400);

      Exposition scrape = app.scrape();
      assertThat(scrape.requests("GET", RouteTemplates.NOT_FOUND, 404)).isEqualTo(1);
      assertThat(scrape.requests("GET", RouteTemplates.UNMATCHED, 400)).isEqualTo(1);
      assertThat(scrape.labelValues(ServletMetricsContract.REQUESTS, "endpoint")).doesNotContain("/rest/*");
    }
  }

  @ParameterizedTest
  @MethodSource("containers")
  void countsWhatHttpServletAnswersForTheRouterAsUnmatchedNeverItsMapping(
      Supplier<ServletContainerUnderTest> containers) throws Exception {
    try (RunningApp app = start(containers)) {
      // the router implements doGet only: HttpServlet.service answers a POST with 405 and an unknown method with 501
      // without the router naming a route
      assertThat(app.send("POST", "/rest/items/42").statusCode()).isEqualTo(405);
      assertThat(app.send("get", "/rest/items/42").statusCode()).isEqualTo(501);

      Exposition scrape = app.scrape();
      assertThat(scrape.requests("POST", RouteTemplates.UNMATCHED, 405)).isEqualTo(1);
      assertThat(scrape.requests("_OTHER", RouteTemplates.UNMATCHED, 501)).isEqualTo(1);
      assertThat(scrape.labelValues(ServletMetricsContract.REQUESTS, "endpoint")).doesNotContain("/rest/*");
    }
  }

  @ParameterizedTest
  @MethodSource("containers")
  void refusesAnEmptyTemplate(Supplier<ServletContainerUnderTest> containers) throws Exception {
    try (RunningApp app = start(containers)) {
      HttpResponse<String> response = app.get("/rest/empty-template");

      assertThat(response.body()).isEqualTo("route template must not be null or empty");
    }
  }
}
