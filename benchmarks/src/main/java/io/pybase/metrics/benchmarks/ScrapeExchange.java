package io.pybase.metrics.benchmarks;

import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Enumeration;

/**
 * A minimal {@code GET /metrics} exchange for client_java's scrape handler: no query string, no headers (so the
 * response is the uncompressed text format), the body going to a given stream. Reusable, allocation-free.
 *
 * <pre>{@code
 * new PrometheusScrapeHandler(registry).handleRequest(new ScrapeExchange(sink));
 * }</pre>
 */
public final class ScrapeExchange implements PrometheusHttpExchange, PrometheusHttpRequest, PrometheusHttpResponse {

  private final OutputStream body;
  private int status;

  public ScrapeExchange(OutputStream body) {
    this.body = body;
  }

  /** The status code of the last response. */
  public int status() {
    return status;
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
  public void handleException(IOException e) throws IOException {
    throw e;
  }

  @Override
  public void handleException(RuntimeException e) {
    throw e;
  }

  @Override
  public void close() {
  }

  @Override
  public String getQueryString() {
    return null;
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    return Collections.emptyEnumeration();
  }

  @Override
  public String getMethod() {
    return "GET";
  }

  @Override
  public String getRequestPath() {
    return "/api/v1/metrics";
  }

  @Override
  public void setHeader(String name, String value) {
  }

  @Override
  public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) {
    this.status = statusCode;
    return body;
  }
}
