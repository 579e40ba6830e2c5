package io.pybase.metrics.servlet;

import jakarta.servlet.ServletContainerInitializer;
import java.util.List;

/** A real embedded servlet container on 127.0.0.1 and a free port, set up by initializers only. */
interface ServletContainerUnderTest extends AutoCloseable {

  /**
   * Starts a context at the root path running {@code initializers} in order (after the container's WebSocket
   * initializer), with the container's own default servlet for unmapped paths.
   *
   * @return the bound port
   */
  int start(List<ServletContainerInitializer> initializers) throws Exception;

  /** Stops the container; one that does not stop fails the test with an {@link IllegalStateException}. */
  @Override
  void close();
}
