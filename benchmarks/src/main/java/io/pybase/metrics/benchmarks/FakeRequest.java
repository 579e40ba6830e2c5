package io.pybase.metrics.benchmarks;

import io.pybase.metrics.servlet.RouteTemplates;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.security.Principal;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;

/**
 * The smallest {@link HttpServletRequest} the filter's recording path and the metrics endpoint can read: a method, a
 * request URI (mapped as the servlet path), the route template an application's router put in
 * {@link RouteTemplates#ATTRIBUTE}, no headers, no query string. Immutable and allocation-free; every other method
 * throws (the filter catches it and records a fallback endpoint, which the smoke test would see).
 *
 * <pre>{@code
 * HttpServletRequest request = new FakeRequest("GET", "/api/v1/tables/7", "/api/v1/tables/{tableId}");
 * filter.record(request, new FakeResponse(200), startNanos);
 * }</pre>
 */
public final class FakeRequest implements HttpServletRequest {

  private final String method;
  private final String requestUri;
  private final String routeTemplate;

  public FakeRequest(String method, String requestUri, String routeTemplate) {
    this.method = method;
    this.requestUri = requestUri;
    this.routeTemplate = routeTemplate;
  }

  /** No mapping: the route template attribute names the endpoint (the interface's default would allocate). */
  @Override
  public HttpServletMapping getHttpServletMapping() {
    return null;
  }

  @Override
  public boolean authenticate(HttpServletResponse response) throws IOException, ServletException {
    throw unsupported();
  }

  @Override
  public String changeSessionId() {
    throw unsupported();
  }

  @Override
  public AsyncContext getAsyncContext() {
    throw unsupported();
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    throw unsupported();
  }

  @Override
  public Object getAttribute(String name) {
    return RouteTemplates.ATTRIBUTE.equals(name) ? routeTemplate : null;
  }

  @Override
  public String getAuthType() {
    throw unsupported();
  }

  @Override
  public String getCharacterEncoding() {
    throw unsupported();
  }

  @Override
  public long getContentLengthLong() {
    throw unsupported();
  }

  @Override
  public int getContentLength() {
    throw unsupported();
  }

  @Override
  public String getContentType() {
    throw unsupported();
  }

  @Override
  public String getContextPath() {
    return "";
  }

  @Override
  public Cookie[] getCookies() {
    throw unsupported();
  }

  @Override
  public long getDateHeader(String name) {
    throw unsupported();
  }

  @Override
  public DispatcherType getDispatcherType() {
    return DispatcherType.REQUEST;
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    throw unsupported();
  }

  @Override
  public String getHeader(String name) {
    return null;
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    return Collections.emptyEnumeration();
  }

  @Override
  public ServletInputStream getInputStream() throws IOException {
    throw unsupported();
  }

  @Override
  public int getIntHeader(String name) {
    throw unsupported();
  }

  @Override
  public String getLocalAddr() {
    throw unsupported();
  }

  @Override
  public String getLocalName() {
    throw unsupported();
  }

  @Override
  public int getLocalPort() {
    throw unsupported();
  }

  @Override
  public Locale getLocale() {
    throw unsupported();
  }

  @Override
  public Enumeration<Locale> getLocales() {
    throw unsupported();
  }

  @Override
  public String getMethod() {
    return method;
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    throw unsupported();
  }

  @Override
  public Enumeration<String> getParameterNames() {
    throw unsupported();
  }

  @Override
  public String[] getParameterValues(String name) {
    throw unsupported();
  }

  @Override
  public String getParameter(String name) {
    throw unsupported();
  }

  @Override
  public Part getPart(String name) throws IOException, ServletException {
    throw unsupported();
  }

  @Override
  public Collection<Part> getParts() throws IOException, ServletException {
    throw unsupported();
  }

  @Override
  public String getPathInfo() {
    return null;
  }

  @Override
  public String getPathTranslated() {
    throw unsupported();
  }

  @Override
  public String getProtocolRequestId() {
    throw unsupported();
  }

  @Override
  public String getProtocol() {
    throw unsupported();
  }

  @Override
  public String getQueryString() {
    return null;
  }

  @Override
  public BufferedReader getReader() throws IOException {
    throw unsupported();
  }

  @Override
  public String getRemoteAddr() {
    throw unsupported();
  }

  @Override
  public String getRemoteHost() {
    throw unsupported();
  }

  @Override
  public int getRemotePort() {
    throw unsupported();
  }

  @Override
  public String getRemoteUser() {
    throw unsupported();
  }

  @Override
  public RequestDispatcher getRequestDispatcher(String name) {
    throw unsupported();
  }

  @Override
  public String getRequestId() {
    throw unsupported();
  }

  @Override
  public String getRequestURI() {
    return requestUri;
  }

  @Override
  public StringBuffer getRequestURL() {
    throw unsupported();
  }

  @Override
  public String getRequestedSessionId() {
    throw unsupported();
  }

  @Override
  public String getScheme() {
    throw unsupported();
  }

  @Override
  public String getServerName() {
    throw unsupported();
  }

  @Override
  public int getServerPort() {
    throw unsupported();
  }

  @Override
  public ServletConnection getServletConnection() {
    throw unsupported();
  }

  @Override
  public ServletContext getServletContext() {
    throw unsupported();
  }

  @Override
  public String getServletPath() {
    return requestUri;
  }

  @Override
  public HttpSession getSession() {
    throw unsupported();
  }

  @Override
  public HttpSession getSession(boolean create) {
    throw unsupported();
  }

  @Override
  public Principal getUserPrincipal() {
    throw unsupported();
  }

  @Override
  public boolean isAsyncStarted() {
    return false;
  }

  @Override
  public boolean isAsyncSupported() {
    throw unsupported();
  }

  @Override
  public boolean isRequestedSessionIdFromCookie() {
    throw unsupported();
  }

  @Override
  public boolean isRequestedSessionIdFromURL() {
    throw unsupported();
  }

  @Override
  public boolean isRequestedSessionIdValid() {
    throw unsupported();
  }

  @Override
  public boolean isSecure() {
    throw unsupported();
  }

  @Override
  public boolean isUserInRole(String name) {
    throw unsupported();
  }

  @Override
  public void login(String name, String value) throws ServletException {
    throw unsupported();
  }

  @Override
  public void logout() throws ServletException {
    throw unsupported();
  }

  @Override
  public void removeAttribute(String name) {
    throw unsupported();
  }

  @Override
  public void setAttribute(String name, Object value) {
    throw unsupported();
  }

  @Override
  public void setCharacterEncoding(String name) throws UnsupportedEncodingException {
    throw unsupported();
  }

  @Override
  public AsyncContext startAsync() throws IllegalStateException {
    throw unsupported();
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) throws IllegalStateException {
    throw unsupported();
  }

  @Override
  public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws IOException, ServletException {
    throw unsupported();
  }

  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("not used by the recording path");
  }
}
