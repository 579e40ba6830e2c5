package io.pybase.metrics.servlet;

import java.util.function.Supplier;

/** The endpoint-label table on plain servlets in embedded Tomcat 11. */
class TomcatEndpointLabelTest extends PlainServletEndpointLabelContract {

  @Override
  Supplier<ServletContainerUnderTest> containers() {
    return TomcatContainer::new;
  }
}
