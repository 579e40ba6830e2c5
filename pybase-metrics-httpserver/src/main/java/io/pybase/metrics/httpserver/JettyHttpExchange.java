package io.pybase.metrics.httpserver;

import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Jetty 12 core's request and response seen as client_java's {@link PrometheusHttpExchange}, so
 * {@link PrometheusScrapeHandler} (content negotiation, gzip, {@code name[]} filters) serves the scrape as it does on the
 * servlet endpoint. {@link #close()}, which the scrape handler always calls last, completes Jetty's callback exactly
 * once. A failed scrape answers {@code 500} with a one-line body (no stack trace) when nothing was sent yet.
 */
final class JettyHttpExchange implements PrometheusHttpExchange, PrometheusHttpRequest, PrometheusHttpResponse {

  private static final System.Logger LOG = System.getLogger(JettyHttpExchange.class.getName());

  private final Request request;
  private final Response response;
  private final Callback callback;
  private final String path;
  private final AtomicBoolean failureLogged;
  private @Nullable OutputStream body;
  private @Nullable Throwable failure;

  /**
   * @param failureLogged the server's flag: the first failed scrape is logged at WARNING, later ones at DEBUG
   */
  JettyHttpExchange(Request request, Response response, Callback callback, String path, AtomicBoolean failureLogged) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.path = path;
    this.failureLogged = failureLogged;
  }

  @Override
  public PrometheusHttpRequest getRequest() {
    return this;
  }

  @Override
  public PrometheusHttpResponse getResponse() {
    return this;
  }

  @Override
  public String getQueryString() {
    return request.getHttpURI().getQuery();
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    return Collections.enumeration(request.getHeaders().getValuesList(name));
  }

  @Override
  public String getMethod() {
    return request.getMethod();
  }

  @Override
  public String getRequestPath() {
    return path;
  }

  @Override
  public void setHeader(String name, String value) {
    response.getHeaders().put(name, value);
  }

  @Override
  public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) throws IOException {
    if (body != null) {
      throw new IOException("the response of this scrape was already started");
    }
    response.setStatus(statusCode);
    if (contentLength > 0) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, contentLength);
    }
    body = Content.Sink.asOutputStream(response);
    return body;
  }

  @Override
  public void handleException(IOException e) {
    failed(e);
  }

  @Override
  public void handleException(RuntimeException e) {
    failed(e);
  }

  private void failed(Exception e) {
    if (response.isCommitted()) {
      // the scraper went away or the write broke mid-response (a scrape timeout, a closed connection): too late for
      // a 500; the connection is aborted so the scraper sees a broken response
      LOG.log(System.Logger.Level.DEBUG, "A scrape of " + path + " could not be sent", e);
      failure = e;
      return;
    }
    if (failureLogged.compareAndSet(false, true)) {
      LOG.log(System.Logger.Level.WARNING, "A scrape of " + path + " failed and was answered 500; later failures of "
          + "this server are logged at DEBUG", e);
    } else {
      LOG.log(System.Logger.Level.DEBUG, "A scrape of " + path + " failed and was answered 500", e);
    }
    response.reset();
    response.setStatus(500);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    byte[] message = ("The scrape failed: " + e.getClass().getName() + "\n").getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, message.length);
    try {
      body = Content.Sink.asOutputStream(response);
      body.write(message);
    } catch (IOException | RuntimeException writeFailure) {
      failure = writeFailure;
    }
  }

  /** Finishes the response and completes Jetty's callback. */
  @Override
  public void close() {
    if (failure == null && body != null) {
      try {
        body.close();
      } catch (IOException | RuntimeException e) {
        failure = e;
      }
    }
    if (failure != null) {
      callback.failed(failure);
    } else {
      callback.succeeded();
    }
  }
}
