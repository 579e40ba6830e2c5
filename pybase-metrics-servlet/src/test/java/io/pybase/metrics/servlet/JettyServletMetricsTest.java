package io.pybase.metrics.servlet;

import java.util.function.Supplier;

/** The servlet contract in embedded Jetty 12 (ee11). */
class JettyServletMetricsTest extends ServletMetricsContract {

  @Override
  Supplier<ServletContainerUnderTest> containers() {
    return JettyContainer::new;
  }

  @Override
  boolean refusesUnavailableServletsBeforeFilters() {
    return false;
  }

  @Override
  String name() {
    return "jetty";
  }
}
