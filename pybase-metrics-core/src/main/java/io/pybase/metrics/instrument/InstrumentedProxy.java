package io.pybase.metrics.instrument;

import io.pybase.metrics.CacheMetrics;
import io.pybase.metrics.CacheStatus;
import io.pybase.metrics.DbMetrics;
import io.pybase.metrics.PyBaseMetrics;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Instruments an interface implementation from its annotations, with no AOP framework: methods annotated with
 * {@link QueryType} record {@code db_query_duration_seconds}, methods annotated with {@link CacheOperation} record
 * {@code cache_operations_total}, other methods pass straight through.
 *
 * <pre>{@code
 * RecordRepository repo = InstrumentedProxy.wrap(RecordRepository.class, new JdbcRecordRepository(ds), metrics);
 * RecordCache cache = InstrumentedProxy.wrap(RecordCache.class, new RedisRecordCache(jedis), metrics);
 * }</pre>
 *
 * <p>Annotations are read once, here; a call does one map lookup and the delegated call. Exceptions from the target
 * reach the caller unchanged (the same instance, checked or not). Recording never throws into the caller.
 */
public final class InstrumentedProxy {

  private InstrumentedProxy() {}

  /**
   * A proxy of {@code type} that delegates to {@code target} and records the annotated methods.
   *
   * @throws IllegalArgumentException when {@code type} is not an interface
   */
  public static <T> T wrap(Class<T> type, T target, PyBaseMetrics metrics) {
    if (!type.isInterface()) {
      throw new IllegalArgumentException(type.getName() + " is not an interface; InstrumentedProxy wraps interfaces");
    }
    if (target == null) {
      throw new IllegalArgumentException("target must not be null");
    }
    Map<Method, Call> calls = new HashMap<>();
    for (Method method : type.getMethods()) {
      QueryType query = method.getAnnotation(QueryType.class);
      CacheOperation cache = method.getAnnotation(CacheOperation.class);
      @Nullable MethodRecorder recorder = null;
      if (query != null) {
        recorder = new QueryRecorder(metrics.db(), query.value());
      } else if (cache != null) {
        recorder = new CacheRecorder(metrics.cache(), cache.value());
      }
      method.trySetAccessible();
      calls.put(method, new Call(method, recorder));
    }
    Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new Handler(target, calls));
    return type.cast(proxy);
  }

  /** Records one call of an annotated method. */
  private interface MethodRecorder {
    void returned(@Nullable Object result, long durationNanos);

    void threw(long durationNanos);
  }

  private static final class QueryRecorder implements MethodRecorder {
    private final DbMetrics db;
    private final String queryType;

    QueryRecorder(DbMetrics db, String queryType) {
      this.db = db;
      this.queryType = queryType;
    }

    @Override
    public void returned(@Nullable Object result, long durationNanos) {
      db.queryFinished(queryType, durationNanos);
    }

    @Override
    public void threw(long durationNanos) {
      db.queryFailed(queryType, durationNanos);
    }
  }

  private static final class CacheRecorder implements MethodRecorder {
    private final CacheMetrics cache;
    private final String operation;
    private final boolean lookup;

    CacheRecorder(CacheMetrics cache, String operation) {
      this.cache = cache;
      this.operation = operation;
      this.lookup = "get".equals(operation);
    }

    @Override
    public void returned(@Nullable Object result, long durationNanos) {
      if (!lookup) {
        cache.record(operation, CacheStatus.SUCCESS);
      } else if (result == null || (result instanceof Optional && ((Optional<?>) result).isEmpty())) {
        cache.record(operation, CacheStatus.MISS);
      } else {
        cache.record(operation, CacheStatus.HIT);
      }
    }

    @Override
    public void threw(long durationNanos) {
      cache.record(operation, CacheStatus.ERROR);
    }
  }

  /** An interface method resolved at wrap time: the accessible method to call and its recorder, if annotated. */
  private static final class Call {
    final Method method;
    final @Nullable MethodRecorder recorder;

    Call(Method method, @Nullable MethodRecorder recorder) {
      this.method = method;
      this.recorder = recorder;
    }
  }

  private static final class Handler implements InvocationHandler {
    private final Object target;
    private final Map<Method, Call> calls;

    Handler(Object target, Map<Method, Call> calls) {
      this.target = target;
      this.calls = calls;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args) throws Throwable {
      Call call = calls.get(method);
      if (call == null) {
        return invokeTarget(method, args);
      }
      method = call.method;
      MethodRecorder recorder = call.recorder;
      if (recorder == null) {
        return invokeTarget(method, args);
      }
      long start = System.nanoTime();
      @Nullable Object result;
      try {
        result = invokeTarget(method, args);
      } catch (Throwable t) {
        recorder.threw(System.nanoTime() - start);
        throw t;
      }
      recorder.returned(result, System.nanoTime() - start);
      return result;
    }

    private @Nullable Object invokeTarget(Method method, @Nullable Object @Nullable [] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
