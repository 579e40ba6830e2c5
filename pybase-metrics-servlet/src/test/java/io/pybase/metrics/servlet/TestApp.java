package io.pybase.metrics.servlet;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.pybase.metrics.servlet.websocket.TrackingConfigurator;
import io.pybase.metrics.servlet.websocket.WebSocketConnectionTracker;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The application under test, the same in every container: servlets for each way of naming an endpoint, a throwing,
 * an async and a slow servlet, a filter that answers before any servlet, and two WebSocket endpoints.
 */
final class TestApp implements ServletContainerInitializer {

  /** Trackers of the annotated endpoint, by the {@code {app}} path parameter. */
  static final Map<String, WebSocketConnectionTracker> TRACKERS = new ConcurrentHashMap<>();

  final String name;
  final WebSocketConnectionTracker tracker;
  final Consumer<ServletContext> install;
  /** The exception the outermost filter saw leave the chain. */
  final AtomicReference<Throwable> propagated = new AtomicReference<>();
  /** The exception the throwing servlet threw. */
  final AtomicReference<Throwable> thrown = new AtomicReference<>();
  volatile CountDownLatch slowRelease = new CountDownLatch(1);
  volatile Tracer tracer;
  /** Set to make every request's servlet mapping throw, to fault endpoint resolution. */
  volatile boolean breakMapping;
  private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);

  /**
   * @param name the {@code {app}} path parameter of the annotated WebSocket endpoint
   * @param tracker the tracker of this app's catalogue
   * @param install installs the metrics (runs after the outer capturing filter is added)
   */
  TestApp(String name, WebSocketConnectionTracker tracker, Consumer<ServletContext> install) {
    this.name = name;
    this.tracker = tracker;
    this.install = install;
    if (tracker != null) {
      TRACKERS.put(name, tracker);
    }
  }

  void shutdown() {
    executor.shutdownNow();
    slowRelease.countDown();
  }

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext ctx) throws ServletException {
    FilterRegistration.Dynamic outer = ctx.addFilter("outer", new OuterFilter());
    outer.setAsyncSupported(true);
    outer.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");

    install.accept(ctx);

    FilterRegistration.Dynamic gate = ctx.addFilter("gate", new GateFilter());
    gate.setAsyncSupported(true);
    gate.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/gated/*");

    servlet(ctx, "health", new TextServlet("ok"), "/api/v1/health");
    servlet(ctx, "items", new ItemsServlet(), "/api/v1/items/*");
    servlet(ctx, "records", new RecordServlet(), "/api/v1/tables/*");
    servlet(ctx, "router", new RouterServlet(), "/router/*");
    servlet(ctx, "boom", new BoomServlet(), "/boom");
    servlet(ctx, "async", new AsyncServlet(), "/async");
    servlet(ctx, "asyncTimeout", new AsyncTimeoutServlet(), "/async-timeout");
    servlet(ctx, "slow", new SlowServlet(), "/slow");
    servlet(ctx, "gated", new TextServlet("never"), "/gated/*");
    servlet(ctx, "dotDo", new TextServlet("do"), "*.do");
    servlet(ctx, "internal", new TextServlet("internal"), "/internal/*");
    servlet(ctx, "root", new TextServlet("root"), "");
    servlet(ctx, "traced", new TextServlet("traced"), "/traced");
    servlet(ctx, "echo", new EchoServlet(), "/echo");
    servlet(ctx, "unavailable", new UnavailableServlet(), "/unavailable");
    servlet(ctx, "sendErrorThenThrow", new SendErrorThenThrowServlet(), "/send-error-then-throw");
    servlet(ctx, "setStatusThenThrow", new SetStatusThenThrowServlet(), "/set-status-then-throw");
    servlet(ctx, "wrappedUnavailable", new WrappedUnavailableServlet(), "/wrapped-unavailable");
    ServletMetrics.initRoute(ctx, "router", "GET", "/router/{name}");
    ServletMetrics.initRoute(ctx, "internal", "GET", "/internal/{job}");   // under an excluded path in some tests

    ServerContainer ws = (ServerContainer) ctx.getAttribute(ServerContainer.class.getName());
    if (ws != null && tracker != null) {
      try {
        ws.addEndpoint(AnnotatedEcho.class);
        ws.addEndpoint(ServerEndpointConfig.Builder.create(ProgrammaticEcho.class, "/ws/programmatic")
            .configurator(new TrackingConfigurator(tracker))
            .build());
      } catch (DeploymentException e) {
        throw new ServletException(e);
      }
    }
  }

  private static void servlet(ServletContext ctx, String name, HttpServlet servlet, String mapping) {
    ServletRegistration.Dynamic r = ctx.addServlet(name, servlet);
    r.setAsyncSupported(true);
    r.addMapping(mapping);
  }

  /** Outermost filter: sees what leaves the chain; starts a span when asked; can break servlet mappings. */
  private final class OuterFilter implements Filter {
    @Override
    @SuppressWarnings("try") // the span's Scope is held open around the chain and never read
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest request = (HttpServletRequest) req;
      if (breakMapping) {
        request = new HttpServletRequestWrapper(request) {
          @Override
          public HttpServletMapping getHttpServletMapping() {
            throw new IllegalStateException("mapping broken on purpose");
          }

          @Override
          public @Nullable Object getAttribute(String name) {
            if (RouteTemplates.ATTRIBUTE.equals(name)) {   // the first thing endpoint resolution reads
              throw new IllegalStateException("route template broken on purpose");
            }
            return super.getAttribute(name);
          }
        };
      }
      Tracer t = tracer;
      Span span = t != null && request.getHeader("x-trace") != null ? t.spanBuilder("request").startSpan() : null;
      try (Scope scope = span != null ? span.makeCurrent() : null) {
        if (span != null) {
          ((HttpServletResponse) res).setHeader("x-trace-id", span.getSpanContext().getTraceId());
        }
        chain.doFilter(request, res);
      } catch (IOException | ServletException | RuntimeException | Error e) {
        propagated.set(e);
        throw e;
      } finally {
        if (span != null) {
          span.end();
        }
      }
    }
  }

  /** Answers 403 itself: the request never reaches a servlet. */
  private static final class GateFilter implements Filter {
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException {
      ((HttpServletResponse) res).sendError(403);
    }
  }

  static class TextServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final String body;

    TextServlet(String body) {
      this.body = body;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/plain");
      resp.getWriter().write(body);
    }
  }

  static final class ItemsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      if ("/missing".equals(req.getPathInfo())) {
        resp.sendError(404);
        return;
      }
      resp.getWriter().write("item");
    }
  }

  @Route("/api/v1/tables/{tableId}/records/{recordId}")
  static final class RecordServlet extends TextServlet {
    private static final long serialVersionUID = 1L;

    RecordServlet() {
      super("record");
    }
  }

  static final class RouterServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      RouteTemplates.set(req, "/router/{name}");
      resp.getWriter().write("routed");
    }
  }

  /** Reads a query parameter: a malformed query string makes the container throw, and answer 400. */
  static final class EchoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.getWriter().write("q=" + req.getParameter("q"));
    }
  }

  /** Temporarily unavailable: the container answers 503 (and Tomcat refuses later requests before any filter). */
  static final class UnavailableServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException {
      throw new UnavailableException("maintenance", 30);
    }
  }

  /** Sends an error, then throws: Jetty keeps the 404, Tomcat answers 500. */
  static final class SendErrorThenThrowServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.sendError(404);
      throw new IllegalStateException("thrown after sendError");
    }
  }

  /** Sets a status, then throws: the container answers 500. */
  static final class SetStatusThenThrowServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      resp.setStatus(503);
      throw new IllegalStateException("thrown after setStatus");
    }
  }

  /** Throws an UnavailableException wrapped in a ServletException: Jetty unwraps it (503), Tomcat does not (500). */
  static final class WrappedUnavailableServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException {
      throw new ServletException(new UnavailableException("wrapped", 30));
    }
  }

  final class BoomServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      IllegalStateException e = new IllegalStateException("boom");
      thrown.set(e);
      throw e;
    }
  }

  final class AsyncServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      AsyncContext async = req.startAsync();
      Future<?> unused = executor.schedule(() -> {
        try {
          HttpServletResponse r = (HttpServletResponse) async.getResponse();
          r.setStatus(202);
          r.getWriter().write("accepted");
        } catch (IOException e) {
          throw new IllegalStateException(e);
        } finally {
          async.complete();
        }
      }, 30, TimeUnit.MILLISECONDS);
    }
  }

  static final class AsyncTimeoutServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      req.startAsync().setTimeout(100);
    }
  }

  final class SlowServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      try {
        slowRelease.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      resp.getWriter().write("slow");
    }
  }

  /** Annotated endpoint: tracks by the one documented pair of calls; "fail" throws, and @OnError closes. */
  @ServerEndpoint("/ws/annotated/{app}")
  public static final class AnnotatedEcho {
    @OnOpen
    public void open(Session session, @PathParam("app") String app) {
      TRACKERS.get(app).opened(session);
    }

    @OnMessage
    public String message(String text) {
      if (text.equals("fail")) {
        throw new IllegalStateException("endpoint failure on purpose");
      }
      return text;
    }

    @OnError
    public void error(Session session, Throwable t) throws IOException {
      if (session.isOpen()) {
        session.close(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "error"));
      }
    }

    @OnClose
    public void close(Session session, @PathParam("app") String app) {
      TRACKERS.get(app).closed(session);
    }
  }

  /** Programmatic endpoint, tracked by its configurator only; "fail" throws, and onError closes. */
  public static final class ProgrammaticEcho extends Endpoint {
    @Override
    public void onOpen(Session session, EndpointConfig config) {
      session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
        if (text.equals("fail")) {
          throw new IllegalStateException("endpoint failure on purpose");
        }
        Future<Void> unused = session.getAsyncRemote().sendText(text);
      });
    }

    @Override
    public void onError(Session session, Throwable thr) {
      try {
        if (session.isOpen()) {
          session.close(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "error"));
        }
      } catch (IOException e) {
        // already gone
      }
    }
  }
}
