package io.pybase.metrics.jaxrs;

import static org.assertj.core.api.Assertions.assertThatCode;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** A runtime that fails under the providers (no real peer can be made to): the request never sees it. */
class ProviderFaultTest {

  static <T> T failing(Class<T> type) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      throw new IllegalStateException("runtime fault on purpose: " + method.getName());
    }));
  }

  @Test
  void templateFilterSwallowsARuntimeFault() {
    assertThatCode(() -> RouteTemplateFilter.ofRootResource("", "/x").filter(failing(ContainerRequestContext.class)))
        .doesNotThrowAnyException();
    assertThatCode(() -> RouteTemplateFilter.ofSubResource("", "").filter(failing(ContainerRequestContext.class)))
        .doesNotThrowAnyException();
  }

  @Test
  void noRouteFilterSwallowsARuntimeFault() {
    NoRouteMatchedFilter filter = new NoRouteMatchedFilter(new PyBaseMetricsFeature.Switch(true));
    assertThatCode(() -> filter.filter(failing(ContainerRequestContext.class), failing(ContainerResponseContext.class)))
        .doesNotThrowAnyException();
  }
}
