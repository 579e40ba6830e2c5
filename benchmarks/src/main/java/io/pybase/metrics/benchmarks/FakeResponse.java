package io.pybase.metrics.benchmarks;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Locale;

/**
 * The smallest {@link HttpServletResponse} the filter's recording path can read: a committed response with a
 * status. Immutable and allocation-free; every other method throws.
 *
 * <pre>{@code
 * filter.record(request, new FakeResponse(404), startNanos);
 * }</pre>
 */
public final class FakeResponse implements HttpServletResponse {

  private final int status;

  public FakeResponse(int status) {
    this.status = status;
  }

  @Override
  public void addCookie(Cookie cookie) {
    throw unsupported();
  }

  @Override
  public void addDateHeader(String name, long value) {
    throw unsupported();
  }

  @Override
  public void addHeader(String name, String value) {
    throw unsupported();
  }

  @Override
  public void addIntHeader(String name, int value) {
    throw unsupported();
  }

  @Override
  public boolean containsHeader(String name) {
    throw unsupported();
  }

  @Override
  public String encodeRedirectURL(String name) {
    throw unsupported();
  }

  @Override
  public String encodeURL(String name) {
    throw unsupported();
  }

  @Override
  public void flushBuffer() throws IOException {
    throw unsupported();
  }

  @Override
  public int getBufferSize() {
    throw unsupported();
  }

  @Override
  public String getCharacterEncoding() {
    throw unsupported();
  }

  @Override
  public String getContentType() {
    throw unsupported();
  }

  @Override
  public Collection<String> getHeaderNames() {
    throw unsupported();
  }

  @Override
  public String getHeader(String name) {
    throw unsupported();
  }

  @Override
  public Collection<String> getHeaders(String name) {
    throw unsupported();
  }

  @Override
  public Locale getLocale() {
    throw unsupported();
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    throw unsupported();
  }

  @Override
  public int getStatus() {
    return status;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    throw unsupported();
  }

  @Override
  public boolean isCommitted() {
    return true;
  }

  @Override
  public void resetBuffer() {
    throw unsupported();
  }

  @Override
  public void reset() {
    throw unsupported();
  }

  @Override
  public void sendError(int status, String message) throws IOException {
    throw unsupported();
  }

  @Override
  public void sendError(int value) throws IOException {
    throw unsupported();
  }

  @Override
  public void sendRedirect(String location, int status, boolean clearBuffer) throws IOException {
    throw unsupported();
  }

  @Override
  public void setBufferSize(int value) {
    throw unsupported();
  }

  @Override
  public void setCharacterEncoding(String name) {
    throw unsupported();
  }

  @Override
  public void setContentLengthLong(long value) {
    throw unsupported();
  }

  @Override
  public void setContentLength(int value) {
    throw unsupported();
  }

  @Override
  public void setContentType(String name) {
    throw unsupported();
  }

  @Override
  public void setDateHeader(String name, long value) {
    throw unsupported();
  }

  @Override
  public void setHeader(String name, String value) {
    throw unsupported();
  }

  @Override
  public void setIntHeader(String name, int value) {
    throw unsupported();
  }

  @Override
  public void setLocale(Locale locale) {
    throw unsupported();
  }

  @Override
  public void setStatus(int value) {
    throw unsupported();
  }

  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("not used by the recording path");
  }
}
