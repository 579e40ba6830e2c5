package io.pybase.metrics.servlet;

import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.ConfigSource;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Installs the HTTP metrics filter and the metrics endpoint ({@link ServletMetrics#install(ServletContext)}) in every
 * web application that has this jar on its classpath; the container finds it through
 * {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}.
 *
 * <p>Switched off by {@code PROMETHEUS_SERVLET_AUTO_INSTALL=false} (or {@code -Dprometheus.servlet.auto.install=false}),
 * or per application by the context init-parameter {@value #AUTO_INSTALL_PARAMETER} = {@code false}:
 *
 * <pre>{@code
 * <context-param>
 *   <param-name>io.pybase.metrics.servlet.autoInstall</param-name>
 *   <param-value>false</param-value>
 * </context-param>
 * }</pre>
 *
 * <p>Embedded servers can add it by hand: {@code context.addServletContainerInitializer(new PyBaseMetricsInitializer())}.
 * An application that calls {@link ServletMetrics#install(jakarta.servlet.ServletContext, PyBaseMetrics,
 * ServletMetricsConfig)} itself (from its own initializer or listener) replaces this automatic installation: its
 * catalogue and settings are the ones used.
 */
public final class PyBaseMetricsInitializer implements ServletContainerInitializer {

  /** Context init-parameter that turns auto-installation off for one application. */
  public static final String AUTO_INSTALL_PARAMETER = "io.pybase.metrics.servlet.autoInstall";

  private static final Logger LOG = Logger.getLogger(PyBaseMetricsInitializer.class.getName());

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    String param = context.getInitParameter(AUTO_INSTALL_PARAMETER);
    if (param != null && !ConfigSource.of(Map.of(AUTO_INSTALL_PARAMETER, param))
        .bool(AUTO_INSTALL_PARAMETER, true)) {
      LOG.fine("PyBase metrics auto-install off by context parameter " + AUTO_INSTALL_PARAMETER);
      return;
    }
    ServletMetricsConfig config = ServletMetricsConfig.fromEnvironment();
    if (!config.autoInstall()) {
      LOG.fine("PyBase metrics auto-install off by " + ServletMetricsConfig.AUTO_INSTALL);
      return;
    }
    ServletMetrics.installAutomatically(context, PyBaseMetrics.get(), config);
  }
}
