/**
 * Test support shared by every stack's tests (not published): the endpoint-label case table
 * ({@link io.pybase.metrics.test.EndpointLabelCases}), the contract a stack's test extends
 * ({@link io.pybase.metrics.test.EndpointLabelContract}), a small exposition parser
 * ({@link io.pybase.metrics.test.Exposition}) and embedded containers on loopback
 * ({@link io.pybase.metrics.test.LoopbackJetty}, {@link io.pybase.metrics.test.LoopbackTomcat}).
 *
 * <pre>{@code
 * class JettyEndpointLabelTest extends EndpointLabelContract { ... }
 * }</pre>
 */
@NullMarked
package io.pybase.metrics.test;

import org.jspecify.annotations.NullMarked;
