package io.pybase.metrics.servlet;

import java.util.function.Supplier;

/** The servlet contract in embedded Jetty 12 (ee11). */
class JettyServletMetricsTest extends ServletMetricsContract {

  @Override
  Supplier<ServletContainerUnderTest> containers() {
    return JettyContainer::new;
  }

  @Override
  String name() {
    return "jetty";
  }
}
