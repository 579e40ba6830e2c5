package io.pybase.metrics.benchmarks;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.jaxrs.PyBaseMetricsFeature;
import io.pybase.metrics.servlet.Route;
import io.pybase.metrics.servlet.RouteTemplates;
import io.pybase.metrics.servlet.ServletMetrics;
import io.pybase.metrics.servlet.ServletMetricsConfig;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * One whole HTTP request through a real Jetty 12 (ee11) in process, by its {@link LocalConnector} (no sockets): the
 * request parsed, the filter chain, the application's router, the handler, the response written and read back. The
 * same GET {@code /api/v1/tables/7/records/42} in three stacks: a plain servlet ({@code @Route}, or
 * {@code RouteTemplates.set} per request), Spring MVC (a
 * {@code DispatcherServlet} with an annotated {@code @RestController}, configured in code) and Jersey 4. Parameter
 * {@code metrics}: {@code on} (filter, endpoint, and for Jersey {@link PyBaseMetricsFeature}) or {@code off}
 * ({@code PyBaseMetricsConfig.builder().enabled(false)}, i.e. {@code PROMETHEUS_ENABLED=false}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 2, time = 2)
@Fork(2)
public class WholeRequestBenchmark {

  static final String PATH = "/api/v1/tables/7/records/42";
  static final String TEMPLATE = "/api/v1/tables/{tableId}/records/{recordId}";
  private static final byte[] REQUEST = ("GET " + PATH + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
      .getBytes(StandardCharsets.US_ASCII);

  /** A Jetty server with only a local connector, the stack's servlets, and the metrics on or off. */
  @State(Scope.Benchmark)
  public abstract static class App {
    @Param({"on", "off"})
    public String metrics = "on";

    PyBaseMetrics catalogue;
    Server server;
    LocalConnector connector;

    abstract void addServlets(ServletContextHandler context, PyBaseMetricsConfig config);

    @Setup(Level.Trial)
    public void start() throws Exception {
      PyBaseMetricsConfig config = PyBaseMetricsConfig.builder().enabled(metrics.equals("on")).jvmMetrics(false).build();
      catalogue = PyBaseMetrics.register(new PrometheusRegistry(), config);
      server = new Server();
      connector = new LocalConnector(server);
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler("/");
      context.addServletContainerInitializer(
          (classes, ctx) -> ServletMetrics.install(ctx, catalogue, ServletMetricsConfig.builder().build()));
      addServlets(context, config);
      server.setHandler(context);
      server.start();
      String response = send();
      if (!response.startsWith("HTTP/1.1 200")) {
        throw new IllegalStateException(getClass().getSimpleName() + " answered " + response);
      }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
      server.stop();
    }

    /** One request, the whole response as text. */
    String send() throws Exception {
      ByteBuffer response = connector.getResponse(ByteBuffer.wrap(REQUEST), 10, TimeUnit.SECONDS);
      return StandardCharsets.ISO_8859_1.decode(response).toString();
    }

    /** The {@code endpoint} values {@code http_requests_total} holds. */
    Set<String> recordedEndpoints() {
      Set<String> endpoints = new TreeSet<>();
      for (MetricSnapshot s : catalogue.registry().scrape()) {
        if (s instanceof CounterSnapshot counter && counter.getMetadata().getName().equals("http_requests")) {
          for (CounterSnapshot.CounterDataPointSnapshot p : counter.getDataPoints()) {
            endpoints.add(p.getLabels().get("endpoint"));
          }
        }
      }
      return endpoints;
    }
  }

  public static class ServletApp extends App {
    @Override
    void addServlets(ServletContextHandler context, PyBaseMetricsConfig config) {
      context.addServlet(new ServletHolder(new RecordServlet()), "/api/v1/tables/*");
    }
  }

  /**
   * The same servlet naming its route per request with {@code RouteTemplates.set} instead of {@code @Route}, and
   * declaring it at start-up ({@code ServletMetrics.initRoute}) as a router does.
   */
  public static class ServletSetApp extends App {
    @Override
    void addServlets(ServletContextHandler context, PyBaseMetricsConfig config) {
      context.addServlet(new ServletHolder("records", new RoutingServlet()), "/api/v1/tables/*");
      context.addServletContainerInitializer(
          (classes, ctx) -> ServletMetrics.initRoute(ctx, "records", "GET", TEMPLATE));
    }
  }

  public static class SpringMvcApp extends App {
    @Override
    void addServlets(ServletContextHandler context, PyBaseMetricsConfig config) {
      AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
      spring.register(SpringConfig.class);
      context.addServlet(new ServletHolder(new DispatcherServlet(spring)), "/");
    }
  }

  public static class JerseyApp extends App {
    @Override
    void addServlets(ServletContextHandler context, PyBaseMetricsConfig config) {
      ResourceConfig app = new ResourceConfig(RecordResource.class).register(new PyBaseMetricsFeature(config));
      context.addServlet(new ServletHolder(new ServletContainer(app)), "/api/v1/*");
    }
  }

  @Benchmark
  public ByteBuffer wholeRequestServlet(ServletApp app) throws Exception {
    return app.connector.getResponse(ByteBuffer.wrap(REQUEST), 10, TimeUnit.SECONDS);
  }

  @Benchmark
  public ByteBuffer wholeRequestServletRouteTemplatesSet(ServletSetApp app) throws Exception {
    return app.connector.getResponse(ByteBuffer.wrap(REQUEST), 10, TimeUnit.SECONDS);
  }

  @Benchmark
  public ByteBuffer wholeRequestSpringMvc(SpringMvcApp app) throws Exception {
    return app.connector.getResponse(ByteBuffer.wrap(REQUEST), 10, TimeUnit.SECONDS);
  }

  @Benchmark
  public ByteBuffer wholeRequestJersey(JerseyApp app) throws Exception {
    return app.connector.getResponse(ByteBuffer.wrap(REQUEST), 10, TimeUnit.SECONDS);
  }

  @Route(TEMPLATE)
  public static class RecordServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("text/plain");
      response.getWriter().write("record");
    }
  }

  public static class RoutingServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      RouteTemplates.set(request, TEMPLATE);
      response.setContentType("text/plain");
      response.getWriter().write("record");
    }
  }

  @Configuration
  @EnableWebMvc
  public static class SpringConfig {
    @Bean
    public RecordController recordController() {
      return new RecordController();
    }
  }

  @RestController
  public static class RecordController {
    @GetMapping(TEMPLATE)
    public String record(@PathVariable String tableId, @PathVariable String recordId) {
      return "record";
    }
  }

  @Path("/tables/{tableId}/records/{recordId}")
  public static class RecordResource {
    @GET
    public String record(@PathParam("tableId") String tableId, @PathParam("recordId") String recordId) {
      return "record";
    }
  }
}
