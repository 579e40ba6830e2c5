package io.pybase.sample.api.records;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * The record cache on Redis ({@code SET pybase:record:<key> EX ttl}), shared by every API replica.
 *
 * <pre>{@code
 * RecordCache cache = RedisRecordCache.connect(URI.create("redis://127.0.0.1:6379"), Duration.ofSeconds(60));
 * }</pre>
 */
public final class RedisRecordCache implements RecordCache, AutoCloseable {

  private final RedisClient redis;
  private final long ttlSeconds;

  private RedisRecordCache(RedisClient redis, Duration ttl) {
    this.redis = redis;
    this.ttlSeconds = Math.max(1, ttl.toSeconds());
  }

  public static RedisRecordCache connect(URI uri, Duration ttl) {
    return new RedisRecordCache(RedisClient.create(uri), ttl);
  }

  @Override
  public Optional<String> get(String key) {
    return Optional.ofNullable(redis.get("pybase:record:" + key));
  }

  @Override
  public void set(String key, String json) {
    redis.set("pybase:record:" + key, json, SetParams.setParams().ex(ttlSeconds));
  }

  @Override
  public void delete(String key) {
    redis.del("pybase:record:" + key);
  }

  @Override
  public void close() {
    redis.close();
  }
}
