/**
 * Annotation-driven instrumentation without AOP: {@link io.pybase.metrics.instrument.InstrumentedProxy} wraps an
 * interface whose methods carry {@link io.pybase.metrics.instrument.QueryType} or
 * {@link io.pybase.metrics.instrument.CacheOperation}.
 *
 * <pre>{@code
 * RecordRepository repo = InstrumentedProxy.wrap(RecordRepository.class, new JdbcRecordRepository(ds), metrics);
 * }</pre>
 */
@NullMarked
package io.pybase.metrics.instrument;

import org.jspecify.annotations.NullMarked;
