package io.pybase.metrics.test;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One row of the endpoint-label table: requests sent alike, and the series of {@code http_requests_total} they must
 * land in. {@code endpoint} null means the requests must not be counted at all (the container rejects them before
 * any filter runs).
 *
 * @param name what the row proves, shown as the test name
 * @param method the HTTP method sent
 * @param paths the paths sent, one request each, relative to the app's root
 * @param status the status every request must get
 * @param endpoint the {@code endpoint} label they must be counted under, or null for "not counted"
 */
public record EndpointLabelCase(String name, String method, List<String> paths, int status,
    @Nullable String endpoint) {

  public EndpointLabelCase {
    paths = List.copyOf(paths);
  }

  /** This row with {@code endpoint} expected instead: a stack's documented deviation. */
  public EndpointLabelCase expecting(int newStatus, @Nullable String newEndpoint) {
    return new EndpointLabelCase(name, method, paths, newStatus, newEndpoint);
  }

  @Override
  public String toString() {
    return name;
  }
}
