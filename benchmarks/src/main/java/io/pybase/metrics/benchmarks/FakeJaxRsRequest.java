package io.pybase.metrics.benchmarks;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A minimal JAX-RS request for {@link RouteTemplateBenchmark}: a fixed base URI (what a runtime holds per request)
 * and one property slot, so the benchmark sees only what the provider itself does. Nothing else is supported.
 */
final class FakeJaxRsRequest implements ContainerRequestContext {

  private final Uri uriInfo;
  Object routeTemplate;

  FakeJaxRsRequest(URI baseUri, String matchedResourceTemplate) {
    this.uriInfo = new Uri(baseUri, matchedResourceTemplate);
  }

  @Override
  public Object getProperty(String name) {
    return routeTemplate;
  }

  @Override
  public void setProperty(String name, Object object) {
    routeTemplate = object;
  }

  @Override
  public UriInfo getUriInfo() {
    return uriInfo;
  }

  @Override
  public Collection<String> getPropertyNames() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void removeProperty(String name) {
    routeTemplate = null;
  }

  @Override
  public void setRequestUri(URI requestUri) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void setRequestUri(URI baseUri, URI requestUri) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Request getRequest() {
    throw new UnsupportedOperationException();
  }

  @Override
  public String getMethod() {
    return "GET";
  }

  @Override
  public void setMethod(String method) {
    throw new UnsupportedOperationException();
  }

  @Override
  public MultivaluedMap<String, String> getHeaders() {
    throw new UnsupportedOperationException();
  }

  @Override
  public String getHeaderString(String name) {
    return null;
  }

  @Override
  public boolean containsHeaderString(String name, String valueSeparatorRegex, Predicate<String> valuePredicate) {
    return false;
  }

  @Override
  public Date getDate() {
    return null;
  }

  @Override
  public Locale getLanguage() {
    return null;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public MediaType getMediaType() {
    return null;
  }

  @Override
  public List<MediaType> getAcceptableMediaTypes() {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<Locale> getAcceptableLanguages() {
    throw new UnsupportedOperationException();
  }

  @Override
  public Map<String, Cookie> getCookies() {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean hasEntity() {
    return false;
  }

  @Override
  public InputStream getEntityStream() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void setEntityStream(InputStream input) {
    throw new UnsupportedOperationException();
  }

  @Override
  public SecurityContext getSecurityContext() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void setSecurityContext(SecurityContext context) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void abortWith(Response response) {
    throw new UnsupportedOperationException();
  }

  /** The base URI and the runtime's matched template; nothing else. */
  private static final class Uri implements UriInfo {
    private final URI baseUri;
    private final String matchedResourceTemplate;

    Uri(URI baseUri, String matchedResourceTemplate) {
      this.baseUri = baseUri;
      this.matchedResourceTemplate = matchedResourceTemplate;
    }

    @Override
    public URI getBaseUri() {
      return baseUri;
    }

    @Override
    public String getMatchedResourceTemplate() {
      return matchedResourceTemplate;
    }

    @Override
    public String getPath() {
      throw new UnsupportedOperationException();
    }

    @Override
    public String getPath(boolean decode) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<PathSegment> getPathSegments() {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<PathSegment> getPathSegments(boolean decode) {
      throw new UnsupportedOperationException();
    }

    @Override
    public URI getRequestUri() {
      throw new UnsupportedOperationException();
    }

    @Override
    public UriBuilder getRequestUriBuilder() {
      throw new UnsupportedOperationException();
    }

    @Override
    public URI getAbsolutePath() {
      throw new UnsupportedOperationException();
    }

    @Override
    public UriBuilder getAbsolutePathBuilder() {
      throw new UnsupportedOperationException();
    }

    @Override
    public UriBuilder getBaseUriBuilder() {
      throw new UnsupportedOperationException();
    }

    @Override
    public MultivaluedMap<String, String> getPathParameters() {
      throw new UnsupportedOperationException();
    }

    @Override
    public MultivaluedMap<String, String> getPathParameters(boolean decode) {
      throw new UnsupportedOperationException();
    }

    @Override
    public MultivaluedMap<String, String> getQueryParameters() {
      throw new UnsupportedOperationException();
    }

    @Override
    public MultivaluedMap<String, String> getQueryParameters(boolean decode) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<String> getMatchedURIs() {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<String> getMatchedURIs(boolean decode) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Object> getMatchedResources() {
      throw new UnsupportedOperationException();
    }

    @Override
    public URI resolve(URI uri) {
      throw new UnsupportedOperationException();
    }

    @Override
    public URI relativize(URI uri) {
      throw new UnsupportedOperationException();
    }
  }
}
