package io.pybase.metrics.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

class RouteTemplateTest {

  @Test
  void dropsRegularExpressionsAndBlanksFromParameters() {
    assertThat(RouteTemplate.normalise("/tables/{tableId: [0-9]+}/records/{ recordId }"))
        .isEqualTo("/tables/{tableId}/records/{recordId}");
    assertThat(RouteTemplate.normalise("codes/{code: [A-Z]{2}[0-9]{1,3}}/x")).isEqualTo("/codes/{code}/x");
    assertThat(RouteTemplate.normalise("files/{path: .+}")).isEqualTo("/files/{path}");
  }

  @Test
  void normalisesSlashes() {
    assertThat(RouteTemplate.normalise("")).isEqualTo("/");
    assertThat(RouteTemplate.normalise("/")).isEqualTo("/");
    assertThat(RouteTemplate.normalise("//api//v1/")).isEqualTo("/api/v1");
    assertThat(RouteTemplate.normalise("api/v1/items/")).isEqualTo("/api/v1/items");
  }

  @Test
  void joinsClassAndMethodPaths() throws Exception {
    assertThat(RouteTemplate.of(Annotated.class.getAnnotation(Path.class),
        Annotated.class.getMethod("item").getAnnotation(Path.class))).isEqualTo("/items/{id}");
    assertThat(RouteTemplate.of(Annotated.class.getAnnotation(Path.class), null)).isEqualTo("/items");
  }

  @Test
  void findsPathsDeclaredOnAnInterface() throws Exception {
    assertThat(RouteTemplate.classPath(Implementation.class).value()).isEqualTo("/api");
    assertThat(RouteTemplate.methodPath(Implementation.class, Implementation.class.getMethod("get")).value())
        .isEqualTo("things/{id: \\d+}");
    assertThat(RouteTemplate.classPath(String.class)).isNull();
  }

  @Path("/items/")
  static class Annotated {
    @GET
    @Path("/{id: [0-9]+}")
    public String item() {
      return "";
    }
  }

  @Path("/api")
  interface Api {
    @GET
    @Path("things/{id: \\d+}")
    String get();
  }

  static class Implementation implements Api {
    @Override
    public String get() {
      return "";
    }
  }
}
