package io.pybase.sample.api.records;

import io.pybase.metrics.instrument.CacheOperation;
import java.util.Optional;

/**
 * The read-through cache of single records, keyed {@code tableId/recordId}, holding the record's JSON. Wrapped with
 * {@code InstrumentedProxy}, every call counts in {@code cache_operations_total{operation,status}}.
 *
 * <pre>{@code
 * RecordCache cache = InstrumentedProxy.wrap(RecordCache.class, new InMemoryRecordCache(10_000, ttl), metrics);
 * cache.get("projects/42");          // hit or miss
 * }</pre>
 */
public interface RecordCache {

  @CacheOperation("get")
  Optional<String> get(String key);

  @CacheOperation("set")
  void set(String key, String json);

  @CacheOperation("delete")
  void delete(String key);
}
