package io.pybase.metrics.servlet;

import java.util.function.Supplier;

/** Installation in embedded Jetty. */
class JettyInstallationTest extends InstallationContract {

  @Override
  Supplier<ServletContainerUnderTest> containers() {
    return JettyContainer::new;
  }

  @Override
  String name() {
    return "jetty";
  }
}
