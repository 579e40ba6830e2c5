package io.pybase.metrics.instrument;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a cache interface method as a cache operation. Calls through a proxy made by {@code InstrumentedProxy.wrap}
 * record {@code cache_operations_total{operation,status}}: for {@code "get"} the result decides the status
 * ({@code null} or an empty {@code Optional} is a miss, anything else a hit); other operations count
 * {@code success}; a call that throws counts {@code error} and the exception reaches the caller unchanged. A method
 * returning a {@code CompletionStage} is recorded when the stage completes, by the value it completes with (or as an
 * {@code error} when it completes exceptionally).
 *
 * <pre>{@code
 * interface RecordCache {
 *   @CacheOperation("get") Optional<Record> get(String key);
 *   @CacheOperation("set") void put(String key, Record value);
 *   @CacheOperation("delete") void evict(String key);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CacheOperation {
  /** The {@code operation} label value: {@code get}, {@code set} or {@code delete}, or another fixed word. */
  String value();
}
