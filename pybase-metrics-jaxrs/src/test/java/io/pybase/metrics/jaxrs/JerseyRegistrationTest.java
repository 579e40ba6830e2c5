package io.pybase.metrics.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.test.Exposition;
import jakarta.annotation.Priority;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.CommonProperties;
import org.junit.jupiter.api.Test;

/** How the feature gets into a Jersey application, and what it leaves alone. */
class JerseyRegistrationTest {

  static final HttpClient CLIENT = HttpClient.newHttpClient();
  static final String RECORD = "/api/v1/tables/{tableId}/records/{recordId}";

  static int get(URI root, String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  static Exposition scrape(URI root) throws Exception {
    return Exposition.parse(CLIENT.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  @Test
  void registeredByOneLineWhereAutoDiscoveryIsOff() throws Exception {
    ResourceConfig app = new ResourceConfig(TablesResource.class)
        .property(CommonProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true)
        .register(PyBaseMetricsFeature.class);
    try (JerseyOnJetty jetty = JerseyOnJetty.start("", app)) {
      assertThat(get(jetty.root, "/api/v1/tables/1/records/2")).isEqualTo(200);
      assertThat(scrape(jetty.root).requests("GET", RECORD, 200)).isEqualTo(1);
    }
  }

  @Test
  void namesNothingWhenAutoDiscoveryIsOffAndNothingIsRegistered() throws Exception {
    ResourceConfig app = new ResourceConfig(TablesResource.class)
        .property(CommonProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true);
    try (JerseyOnJetty jetty = JerseyOnJetty.start("", app)) {
      assertThat(get(jetty.root, "/api/v1/tables/1/records/2")).isEqualTo(200);
      assertThat(scrape(jetty.root).requests("GET", "/api/v1/*", 200)).isEqualTo(1);
    }
  }

  @Test
  void applicationRegisteredDisabledFeatureOverridesDiscovery() throws Exception {
    ResourceConfig app = new ResourceConfig(TablesResource.class)
        .register(new PyBaseMetricsFeature(PyBaseMetricsConfig.builder().enabled(false).build()));
    try (JerseyOnJetty jetty = JerseyOnJetty.start("", app)) {
      assertThat(get(jetty.root, "/api/v1/tables/1/records/2")).isEqualTo(200);
      assertThat(get(jetty.root, "/api/v1/nowhere")).isEqualTo(404);
      Exposition s = scrape(jetty.root);
      assertThat(s.requests("GET", "/api/v1/*", 200)).isEqualTo(1);
      assertThat(s.labelValues("http_requests_total", "endpoint")).doesNotContain(RECORD);
    }
  }

  @Test
  void keepsTheRouteOfARequestAnAuthenticationFilterRejects() throws Exception {
    ResourceConfig app = new ResourceConfig(TablesResource.class, Gate.class);
    try (JerseyOnJetty jetty = JerseyOnJetty.start("", app)) {
      assertThat(get(jetty.root, "/api/v1/tables/1/records/2", "X-Deny", "yes")).isEqualTo(401);
      assertThat(scrape(jetty.root).requests("GET", RECORD, 401)).isEqualTo(1);
    }
  }

  @Test
  void namesTheRootResourceWithAnEmptyPath() throws Exception {
    ResourceConfig app = new ResourceConfig(Root.class);
    try (JerseyOnJetty jetty = JerseyOnJetty.start("", app)) {
      assertThat(get(jetty.root, "/api/v1")).isEqualTo(200);
      assertThat(get(jetty.root, "/api/v1/")).isEqualTo(200);
      assertThat(scrape(jetty.root).requests("GET", "/api/v1", 200)).isEqualTo(2);
    }
  }

  @Test
  void templatesFollowTheServletMappingRatherThanTheApplicationPathAnnotation() throws Exception {
    ResourceConfig app = ResourceConfig.forApplicationClass(ElsewhereApplication.class);
    try (JerseyOnJetty jetty = JerseyOnJetty.start("", app)) {
      assertThat(get(jetty.root, "/api/v1/tables/1/records/2")).isEqualTo(200);
      assertThat(get(jetty.root, "/api/v1/tables/1/columns/3")).isEqualTo(200);
      Exposition s = scrape(jetty.root);
      assertThat(s.requests("GET", RECORD, 200)).isEqualTo(1);
      assertThat(s.requests("GET", "/api/v1/tables/{tableId}/columns/{columnId}", 200)).isEqualTo(1);
    }
  }

  @Test
  void namesTemplatesWhenJerseyRunsAsAServletFilter() throws Exception {
    ResourceConfig app = new ResourceConfig(TablesResource.class);
    try (JerseyOnJetty jetty = JerseyOnJetty.startAsFilter(app)) {
      assertThat(get(jetty.root, "/api/v1/tables/1/records/2")).isEqualTo(200);
      assertThat(scrape(jetty.root).requests("GET", RECORD, 200)).isEqualTo(1);
    }
  }

  /** Annotated with a path the servlet mapping ({@code /api/v1/*}) overrides, as Jersey's servlet does. */
  @jakarta.ws.rs.ApplicationPath("/elsewhere")
  public static class ElsewhereApplication extends jakarta.ws.rs.core.Application {
    @Override
    public java.util.Set<Class<?>> getClasses() {
      return java.util.Set.of(TablesResource.class);
    }
  }

  /** An authentication filter that rejects requests carrying {@code X-Deny}. */
  @Priority(Priorities.AUTHENTICATION)
  public static class Gate implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
      if (request.getHeaderString("X-Deny") != null) {
        request.abortWith(Response.status(401).build());
      }
    }
  }

  @Path("/")
  public static class Root {
    @GET
    public String index() {
      return "index";
    }
  }
}
