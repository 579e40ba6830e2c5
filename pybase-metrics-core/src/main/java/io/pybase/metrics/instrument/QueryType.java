package io.pybase.metrics.instrument;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a repository interface method as a database query of the given type. Calls through a proxy made by
 * {@code InstrumentedProxy.wrap} record {@code db_query_duration_seconds{query_type}} and, when the call throws,
 * {@code db_query_errors_total{query_type}}. A method returning a {@code CompletionStage} (a {@code CompletableFuture})
 * is timed until the stage completes, and counts an error when it completes exceptionally.
 *
 * <pre>{@code
 * interface RecordRepository {
 *   @QueryType("select") Optional<Record> find(long id);
 *   @QueryType("insert") long insert(Record r);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface QueryType {
  /** The {@code query_type} label value, e.g. {@code select}, {@code insert}, {@code update}, {@code delete}. */
  String value();
}
