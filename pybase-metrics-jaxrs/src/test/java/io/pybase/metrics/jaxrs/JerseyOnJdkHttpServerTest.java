package io.pybase.metrics.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.pybase.metrics.servlet.RouteTemplates;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

/**
 * Jersey on its JDK HTTP server, no servlet container: the discovered provider still names every template (here
 * echoed in a header by the app's own filter) and never disturbs a request; recording is the servlet filter's job,
 * so nothing is recorded.
 */
class JerseyOnJdkHttpServerTest {

  @Test
  void namesTemplatesWithoutAServletContainerAndLeavesResponsesAlone() throws Exception {
    ResourceConfig app = new ResourceConfig(TablesResource.class, EchoRoute.class);
    HttpServer server = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/api/v1/"), app);
    try {
      URI root = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> record = client.send(HttpRequest.newBuilder(root.resolve("/api/v1/tables/7/records/1"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(record.statusCode()).isEqualTo(200);
      assertThat(record.body()).isEqualTo("record 7/1");
      assertThat(record.headers().firstValue("X-Route")).hasValue("/api/v1/tables/{tableId}/records/{recordId}");

      HttpResponse<String> column = client.send(HttpRequest.newBuilder(root.resolve("/api/v1/tables/7/columns/3"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(column.statusCode()).isEqualTo(200);
      assertThat(column.headers().firstValue("X-Route")).hasValue("/api/v1/tables/{tableId}/columns/{columnId}");

      HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(root.resolve("/api/v1/unknown")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.headers().firstValue("X-Route")).isEmpty();
    } finally {
      server.stop(0);
    }
  }

  /** The app's own response filter, run before the provider's: shows the template the provider set. */
  public static class EchoRoute implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
      Object route = request.getProperty(RouteTemplates.ATTRIBUTE);
      if (route != null) {
        response.getHeaders().add("X-Route", route);
      }
    }
  }
}
