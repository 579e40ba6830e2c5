package io.pybase.metrics.benchmarks;

import io.pybase.metrics.jaxrs.RouteTemplateBinding;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.FeatureContext;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JAX-RS provider's per-request work alone: the filter {@code PyBaseMetricsFeature} binds to a resource method,
 * run on a request of that method. {@code routeTemplateJaxRsRootResource}: a method of a root resource (the template
 * built at deployment); {@code routeTemplateJaxRsSubResource}: a method reached through a locator (the chain named by
 * the runtime's {@code getMatchedResourceTemplate()}, already built by the fake as a runtime does). Measures that
 * naming the template allocates nothing per request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(2)
public class RouteTemplateBenchmark {

  /** The filters bound to two resource methods, and a request of each. */
  @State(Scope.Thread)
  public static class Bound {
    ContainerRequestFilter rootFilter;
    ContainerRequestFilter subResourceFilter;
    FakeJaxRsRequest rootRequest;
    FakeJaxRsRequest subResourceRequest;

    @Setup
    public void setUp() throws Exception {
      URI base = URI.create("http://localhost/api/v1/");
      rootFilter = bind(Tables.class, Tables.class.getMethod("record"));
      subResourceFilter = bind(Columns.class, Columns.class.getMethod("column"));
      rootRequest = new FakeJaxRsRequest(base, "/tables/{tableId}/records/{recordId}");
      subResourceRequest = new FakeJaxRsRequest(base, "/tables/{tableId}/columns/{columnId: [0-9]+}");
      rootFilter.filter(rootRequest);
      subResourceFilter.filter(subResourceRequest);
      if (!"/api/v1/tables/{tableId}/records/{recordId}".equals(rootRequest.routeTemplate)
          || !"/api/v1/tables/{tableId}/columns/{columnId}".equals(subResourceRequest.routeTemplate)) {
        throw new IllegalStateException("templates: " + rootRequest.routeTemplate + ", "
            + subResourceRequest.routeTemplate);
      }
    }

    /** What a runtime does at deployment: the binding's filter for {@code method}. */
    static ContainerRequestFilter bind(Class<?> type, Method method) {
      CapturingFeatureContext context = new CapturingFeatureContext();
      new RouteTemplateBinding().configure(new ResourceInfo() {
        @Override
        public Method getResourceMethod() {
          return method;
        }

        @Override
        public Class<?> getResourceClass() {
          return type;
        }
      }, context);
      if (context.bound == null) {
        throw new IllegalStateException("nothing bound to " + method);
      }
      return context.bound;
    }
  }

  @Benchmark
  public Object routeTemplateJaxRsRootResource(Bound bound) throws IOException {
    bound.rootFilter.filter(bound.rootRequest);
    return bound.rootRequest.routeTemplate;
  }

  @Benchmark
  public Object routeTemplateJaxRsSubResource(Bound bound) throws IOException {
    bound.subResourceFilter.filter(bound.subResourceRequest);
    return bound.subResourceRequest.routeTemplate;
  }

  @Path("/tables")
  public static class Tables {
    @GET
    @Path("{tableId: [0-9]+}/records/{recordId}")
    public String record() {
      return "";
    }
  }

  public static class Columns {
    @GET
    @Path("{columnId: [0-9]+}")
    public String column() {
      return "";
    }
  }

  /** Keeps the filter a binding registers; nothing else. */
  private static final class CapturingFeatureContext implements FeatureContext {
    ContainerRequestFilter bound;

    @Override
    public FeatureContext register(Object component, int priority) {
      bound = (ContainerRequestFilter) component;
      return this;
    }

    @Override
    public Configuration getConfiguration() {
      throw new UnsupportedOperationException();
    }

    @Override
    public FeatureContext property(String name, Object value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FeatureContext register(Class<?> componentClass) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FeatureContext register(Class<?> componentClass, int priority) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FeatureContext register(Class<?> componentClass, Class<?>... contracts) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FeatureContext register(Class<?> componentClass, Map<Class<?>, Integer> contracts) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FeatureContext register(Object component) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FeatureContext register(Object component, Class<?>... contracts) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FeatureContext register(Object component, Map<Class<?>, Integer> contracts) {
      throw new UnsupportedOperationException();
    }
  }
}
