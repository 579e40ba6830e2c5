/**
 * Route templates from Jakarta REST (JAX-RS) runtimes for the {@code endpoint} label: {@link
 * io.pybase.metrics.jaxrs.PyBaseMetricsFeature}, registered automatically in Jersey and RESTEasy.
 */
package io.pybase.metrics.jaxrs;
