package io.pybase.metrics.servlet;

import java.util.function.Supplier;

/** Installation in embedded Tomcat. */
class TomcatInstallationTest extends InstallationContract {

  @Override
  Supplier<ServletContainerUnderTest> containers() {
    return TomcatContainer::new;
  }

  @Override
  String name() {
    return "tomcat";
  }
}
