package io.pybase.metrics.servlet;

import java.util.function.Supplier;

/** The servlet contract in embedded Tomcat 11. */
class TomcatServletMetricsTest extends ServletMetricsContract {

  @Override
  Supplier<ServletContainerUnderTest> containers() {
    return TomcatContainer::new;
  }

  @Override
  boolean refusesUnavailableServletsBeforeFilters() {
    return true;
  }

  @Override
  String name() {
    return "tomcat";
  }
}
