package io.pybase.metrics.servlet;

import java.util.function.Supplier;

/** WebSocket connection counting in embedded Tomcat. */
class TomcatWebSocketTest extends WebSocketContract {

  @Override
  Supplier<ServletContainerUnderTest> containers() {
    return TomcatContainer::new;
  }

  @Override
  String name() {
    return "tomcat";
  }
}
