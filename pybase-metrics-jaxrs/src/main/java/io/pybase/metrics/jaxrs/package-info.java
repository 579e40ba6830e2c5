/**
 * Route templates from Jakarta REST (JAX-RS) runtimes for the {@code endpoint} label: {@link
 * io.pybase.metrics.jaxrs.PyBaseMetricsFeature}, registered automatically in Jersey and RESTEasy.
 *
 * <pre>{@code
 * // only where provider discovery is off:
 * new ResourceConfig(RecordResource.class).register(PyBaseMetricsFeature.class);
 * }</pre>
 */
@NullMarked
package io.pybase.metrics.jaxrs;

import org.jspecify.annotations.NullMarked;
