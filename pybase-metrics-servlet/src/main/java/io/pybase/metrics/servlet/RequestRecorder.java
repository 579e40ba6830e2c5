package io.pybase.metrics.servlet;

import io.pybase.metrics.HttpMetrics;
import org.jspecify.annotations.Nullable;

/**
 * What the filter records into: the catalogue's {@link HttpMetrics} in production ({@link #of}), a failing one in the
 * tests that prove a recording fault never changes a response.
 */
interface RequestRecorder {

  /** Whether recording is on. */
  boolean enabled();

  /** A request started (in-flight gauge up). */
  void started();

  /** A request started with {@link #started()} ended (in-flight gauge down). */
  void ended();

  /** One finished request; a {@code null} method (the request could not tell) is recorded as {@code _OTHER}. */
  void finished(@Nullable String method, String endpoint, int status, long durationNanos);

  /** A fault the filter caught around recording. */
  void failed(Throwable fault);

  /** Creates a route's series at zero ({@link HttpMetrics#initRoute}). */
  void initRoute(String method, String endpoint);

  /** The recorder over {@code http}. */
  static RequestRecorder of(HttpMetrics http) {
    return new RequestRecorder() {
      @Override
      public boolean enabled() {
        return http.enabled();
      }

      @Override
      public void started() {
        http.inFlightStarted();
      }

      @Override
      public void ended() {
        http.inFlightEnded();
      }

      @Override
      public void finished(@Nullable String method, String endpoint, int status, long durationNanos) {
        http.requestFinished(method, endpoint, status, durationNanos);
      }

      @Override
      public void failed(Throwable fault) {
        http.recordingFailed(fault);
      }

      @Override
      public void initRoute(String method, String endpoint) {
        http.initRoute(method, endpoint);
      }
    };
  }
}
