package io.pybase.metrics.servlet;

import io.pybase.metrics.PyBaseMetrics;
import jakarta.servlet.ServletContext;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ServletMetrics} installed in one servlet context, kept as a context attribute: the catalogue and config
 * the filter and the endpoint use, and whether it was the automatic installation ({@link PyBaseMetricsInitializer}),
 * which the application's own {@link ServletMetrics#install} call may still replace until the filter or the endpoint
 * is initialised.
 */
final class Installation {

  /** The context attribute holding the installation. */
  static final String ATTRIBUTE = ServletMetrics.INSTALLED_ATTRIBUTE;

  private volatile PyBaseMetrics metrics;
  private volatile ServletMetricsConfig config;
  private volatile boolean automatic;
  private volatile boolean bound;
  private volatile @Nullable FilterBinding binding;
  private volatile @Nullable RequestCompletion completion;

  Installation(PyBaseMetrics metrics, ServletMetricsConfig config, boolean automatic) {
    this.metrics = metrics;
    this.config = config;
    this.automatic = automatic;
  }

  /** The installation of {@code context}, or {@code null}. */
  static @Nullable Installation of(ServletContext context) {
    Object value = context.getAttribute(ATTRIBUTE);
    return value instanceof Installation installation ? installation : null;
  }

  PyBaseMetrics metrics() {
    return metrics;
  }

  ServletMetricsConfig config() {
    return config;
  }

  boolean automatic() {
    return automatic;
  }

  /** Called by the filter and the endpoint when they initialise: from then on the settings are final. */
  void bind() {
    bound = true;
  }

  boolean bound() {
    return bound;
  }

  /** Called by the filter bound to this installation once it has started. */
  void filterStarted(FilterBinding filterBinding) {
    this.binding = filterBinding;
  }

  /** What the filter bound to this installation records with, or {@code null} before it starts. */
  @Nullable FilterBinding binding() {
    return binding;
  }

  /** The context's {@link RequestCompletion} listener, once {@link ServletMetrics#install} added it. */
  void completion(RequestCompletion listener) {
    this.completion = listener;
  }

  /** The context's {@link RequestCompletion} listener, or {@code null} when the context did not accept one. */
  @Nullable RequestCompletion completion() {
    return completion;
  }

  /** Takes the application's settings in place of the automatic ones. */
  void replaceWith(PyBaseMetrics metrics, ServletMetricsConfig config) {
    this.metrics = metrics;
    this.config = config;
    this.automatic = false;
  }

  /** What differs between these settings and the requested ones, one line each. */
  List<String> differencesFrom(PyBaseMetrics requestedMetrics, ServletMetricsConfig requested) {
    List<String> diffs = new ArrayList<>();
    if (metrics != requestedMetrics) {
      diffs.add("catalogue: another PyBaseMetrics (another registry) installed");
    }
    diffs.addAll(config.differencesFrom(requested));
    return diffs;
  }
}
