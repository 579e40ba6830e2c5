package io.pybase.metrics.servlet;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A request whose filter chain threw, parked as a request attribute until the container has turned the exception
 * into a response: {@link RequestCompletion#requestDestroyed} records it then, with the status the client receives.
 *
 * <pre>{@code
 * request.setAttribute(ThrownRequest.ATTRIBUTE, new ThrownRequest(binding, request, response, thrown,
 *     response.getStatus(), start, inFlight));
 * }</pre>
 */
final class ThrownRequest {

  /** The request attribute. */
  static final String ATTRIBUTE = "io.pybase.metrics.servlet.thrownRequest";

  private final FilterBinding binding;
  private final HttpServletRequest request;
  private final HttpServletResponse response;
  private final Throwable thrown;
  private final int statusAtThrow;
  private final long startNanos;
  private final boolean inFlight;

  ThrownRequest(FilterBinding binding, HttpServletRequest request, HttpServletResponse response, Throwable thrown,
      int statusAtThrow, long startNanos, boolean inFlight) {
    this.binding = binding;
    this.request = request;
    this.response = response;
    this.thrown = thrown;
    this.statusAtThrow = statusAtThrow;
    this.startNanos = startNanos;
    this.inFlight = inFlight;
  }

  /** Records the request now that the container is done with it; {@code ended} is the request the container ended. */
  void complete(ServletRequest ended) {
    binding.finish(request, ThrownStatus.observed(thrown, ended, response, statusAtThrow), startNanos, inFlight);
  }
}
