/**
 * Test support shared by every stack's tests (not published): the endpoint-label case table
 * ({@link io.pybase.metrics.test.EndpointLabelCases}), the contract a stack's test extends
 * ({@link io.pybase.metrics.test.EndpointLabelContract}) and a small exposition parser.
 *
 * <pre>{@code
 * class JettyEndpointLabelTest extends EndpointLabelContract { ... }
 * }</pre>
 */
@NullMarked
package io.pybase.metrics.test;

import org.jspecify.annotations.NullMarked;
