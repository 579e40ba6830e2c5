/**
 * Configuration: {@link io.pybase.metrics.config.PyBaseMetricsConfig} (the catalogue's settings), where values come
 * from ({@link io.pybase.metrics.config.ConfigSource}: system properties, then environment variables) and the one-line
 * error every bad value gets ({@link io.pybase.metrics.config.InvalidConfigurationException}).
 *
 * <pre>{@code
 * PyBaseMetricsConfig config = PyBaseMetricsConfig.fromEnvironment();
 * }</pre>
 */
@NullMarked
package io.pybase.metrics.config;

import org.jspecify.annotations.NullMarked;
