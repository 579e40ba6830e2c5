package io.pybase.metrics.servlet;

import java.util.function.Supplier;

/** The endpoint-label table on plain servlets in embedded Jetty 12 (ee11). */
class JettyEndpointLabelTest extends PlainServletEndpointLabelContract {

  @Override
  Supplier<ServletContainerUnderTest> containers() {
    return JettyContainer::new;
  }
}
