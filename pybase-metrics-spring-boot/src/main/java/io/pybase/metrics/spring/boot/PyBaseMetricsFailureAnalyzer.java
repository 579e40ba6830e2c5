package io.pybase.metrics.spring.boot;

import io.pybase.metrics.config.InvalidConfigurationException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns a bad setting or a metrics port in use into Spring Boot's "APPLICATION FAILED TO START" report: the
 * description is the library's one-line message, the action names what to change.
 */
final class PyBaseMetricsFailureAnalyzer implements FailureAnalyzer {

  @Override
  public @Nullable FailureAnalysis analyze(Throwable failure) {
    for (@Nullable Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidConfigurationException e) {
        String key = PyBaseMetricsProperties.springKey(e.variable());
        return new FailureAnalysis(e.getMessage(), "Change " + (key != null ? key + " (or " + e.variable() + ")"
            : e.variable()) + " to an allowed value, or remove it to use the default.", e);
      }
      if (t instanceof MetricsServerLifecycle.PortUnavailableException) {
        return new FailureAnalysis(t.getMessage(), "Choose a free port for "
            + PyBaseMetricsProperties.springKey(PyBaseMetricsProperties.SERVER_PORT) + " (or "
            + PyBaseMetricsProperties.SERVER_PORT + "), or unset it to serve metrics on the application port.", t);
      }
    }
    return null;
  }
}
