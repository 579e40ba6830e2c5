package io.pybase.sample.api.records;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded LRU cache with a time to live, in this JVM (the default when {@code REDIS_URL} is unset).
 *
 * <pre>{@code
 * RecordCache cache = new InMemoryRecordCache(10_000, Duration.ofSeconds(60));
 * }</pre>
 */
public final class InMemoryRecordCache implements RecordCache {

  private record Entry(String json, long expiresAtNanos) {}

  private final Map<String, Entry> entries;
  private final long ttlNanos;

  public InMemoryRecordCache(int maxEntries, Duration ttl) {
    this.ttlNanos = ttl.toNanos();
    this.entries = new LinkedHashMap<>(256, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > maxEntries;
      }
    };
  }

  @Override
  public synchronized Optional<String> get(String key) {
    Entry e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (System.nanoTime() - e.expiresAtNanos > 0) {
      entries.remove(key);
      return Optional.empty();
    }
    return Optional.of(e.json());
  }

  @Override
  public synchronized void set(String key, String json) {
    entries.put(key, new Entry(json, System.nanoTime() + ttlNanos));
  }

  @Override
  public synchronized void delete(String key) {
    entries.remove(key);
  }
}
