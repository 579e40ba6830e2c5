package io.pybase.metrics.servlet;

import java.util.function.Supplier;

/** WebSocket connection counting in embedded Jetty. */
class JettyWebSocketTest extends WebSocketContract {

  @Override
  Supplier<ServletContainerUnderTest> containers() {
    return JettyContainer::new;
  }

  @Override
  String name() {
    return "jetty";
  }
}
