package io.pybase.metrics.benchmarks;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Locale;

/**
 * The smallest {@link HttpServletResponse} the filter's recording path and the metrics endpoint can use: a committed
 * response with a status, and for the endpoint a body stream; headers are dropped. Allocation-free; every other
 * method throws.
 *
 * <pre>{@code
 * filter.record(request, new FakeResponse(404), startNanos);
 * }</pre>
 */
public final class FakeResponse implements HttpServletResponse {

  private final ServletOutputStream body;
  private int status;

  /** A finished response with {@code status}, for the recording path. */
  public FakeResponse(int status) {
    this.status = status;
    this.body = null;
  }

  /** A response whose body goes to {@code body}, for the metrics endpoint; headers are dropped. */
  public FakeResponse(OutputStream body) {
    this.status = SC_OK;
    this.body = new ServletOutputStream() {
      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setWriteListener(WriteListener listener) {
        throw unsupported();
      }

      @Override
      public void write(int b) throws IOException {
        body.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        body.write(b, off, len);
      }
    };
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
    return null;
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
  public ServletOutputStream getOutputStream() {
    if (body == null) {
      throw unsupported();
    }
    return body;
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
    // headers are not kept
  }

  @Override
  public void setContentType(String name) {
    // headers are not kept
  }

  @Override
  public void setDateHeader(String name, long value) {
    throw unsupported();
  }

  @Override
  public void setHeader(String name, String value) {
    // headers are not kept
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
    status = value;
  }

  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("not used by the recording path");
  }
}
