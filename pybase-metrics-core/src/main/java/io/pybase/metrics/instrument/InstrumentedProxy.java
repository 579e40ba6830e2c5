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
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
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
 * <p><b>Asynchronous methods</b> are recorded when their result completes, not when they return: a method returning a
 * {@link CompletionStage} (a {@code CompletableFuture}, for example) is timed until the stage completes, counts a query
 * error or a cache {@code error} when it completes exceptionally (cancellation included), and a cache {@code get} is a
 * hit or a miss by the value it completes with ({@code null} or an empty {@code Optional}: miss). The caller gets the
 * very stage the target returned. Return types whose completion cannot be observed are refused by {@link #wrap}: a
 * {@link Future} that is not a {@code CompletionStage}, and lazy reactive types (Reactor {@code Mono}/{@code Flux},
 * RxJava, Mutiny, any {@code Publisher}), whose work runs only when subscribed.
 *
 * <p>Annotations are read once, here; a call does one map lookup and the delegated call. Exceptions from the target
 * reach the caller unchanged (the same instance, checked or not). Recording never throws into the caller, nor into
 * the stage it returns.
 */
public final class InstrumentedProxy {

  /** Lazy reactive types, by name (no dependency on their libraries): their work runs when subscribed, not called. */
  private static final Set<String> LAZY_TYPES = Set.of(
      "reactor.core.publisher.Mono", "reactor.core.publisher.Flux",
      "io.reactivex.rxjava3.core.Single", "io.reactivex.rxjava3.core.Maybe", "io.reactivex.rxjava3.core.Completable",
      "io.reactivex.rxjava3.core.Observable", "io.reactivex.rxjava3.core.Flowable",
      "io.reactivex.Single", "io.reactivex.Maybe", "io.reactivex.Completable", "io.reactivex.Observable",
      "io.reactivex.Flowable", "io.smallrye.mutiny.Uni", "io.smallrye.mutiny.Multi", "kotlinx.coroutines.flow.Flow",
      "org.reactivestreams.Publisher", "java.util.concurrent.Flow$Publisher");

  private InstrumentedProxy() {}

  /**
   * A proxy of {@code type} that delegates to {@code target} and records the annotated methods.
   *
   * @throws IllegalArgumentException when {@code type} is not an interface, {@code target} is null, or an annotated
   *     method returns a type whose completion cannot be observed (the message names the method and what to return
   *     instead)
   */
  public static <T> T wrap(Class<T> type, T target, PyBaseMetrics metrics) {
    return wrap(type, target, method -> recorderOf(method, metrics), metrics::recordingFailed);
  }

  /**
   * The proxy, with {@code recorders} deciding what each method records and {@code faults} hearing about recording
   * faults: a seam for tests that need a failing recorder.
   */
  static <T> T wrap(Class<T> type, T target, Function<Method, MethodRecorder> recorders, Consumer<Throwable> faults) {
    if (!type.isInterface()) {
      throw new IllegalArgumentException(type.getName() + " is not an interface; InstrumentedProxy wraps interfaces");
    }
    if (target == null) {
      throw new IllegalArgumentException("target must not be null");
    }
    Map<Method, Call> calls = new HashMap<>();
    for (Method method : type.getMethods()) {
      MethodRecorder recorder = recorders.apply(method);
      if (recorder != null) {
        checkObservable(type, method);
      }
      method.trySetAccessible();
      calls.put(method, new Call(method, recorder));
    }
    Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        new Handler(target, calls, faults));
    return type.cast(proxy);
  }

  private static @Nullable MethodRecorder recorderOf(Method method, PyBaseMetrics metrics) {
    QueryType query = method.getAnnotation(QueryType.class);
    if (query != null) {
      return new QueryRecorder(metrics.db(), query.value());
    }
    CacheOperation cache = method.getAnnotation(CacheOperation.class);
    if (cache != null) {
      return new CacheRecorder(metrics.cache(), cache.value());
    }
    return null;
  }

  /** Refuses a recorded method whose result completes later in a way the proxy cannot observe. */
  private static void checkObservable(Class<?> type, Method method) {
    Class<?> returned = method.getReturnType();
    String where = type.getName() + "." + method.getName() + "()";
    if (CompletionStage.class.isAssignableFrom(returned)) {
      return;
    }
    if (Future.class.isAssignableFrom(returned)) {
      throw new IllegalArgumentException(where + " returns " + returned.getName() + ", a Future whose completion "
          + "cannot be observed, so InstrumentedProxy cannot time it or see its outcome. Return a CompletableFuture "
          + "or a CompletionStage (recorded when it completes), or record with PyBaseMetrics.db()/cache() yourself.");
    }
    String lazy = lazyType(returned);
    if (lazy != null) {
      throw new IllegalArgumentException(where + " returns " + returned.getName() + " (" + lazy + "), a lazy "
          + "reactive type whose work runs when it is subscribed, not when the method returns, so InstrumentedProxy "
          + "cannot time it. Return a CompletionStage (for example mono.toFuture()), or record inside the pipeline "
          + "with PyBaseMetrics.db()/cache().");
    }
  }

  /** The lazy reactive type {@code type} is or implements, or {@code null}. */
  private static @Nullable String lazyType(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (LAZY_TYPES.contains(c.getName())) {
        return c.getName();
      }
      for (Class<?> i : c.getInterfaces()) {
        String found = lazyType(i);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** Records one call of an annotated method: its result (or the value its stage completed with), or its failure. */
  interface MethodRecorder {
    void returned(Object result, long durationNanos);

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
    public void returned(Object result, long durationNanos) {
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
    public void returned(Object result, long durationNanos) {
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
    final MethodRecorder recorder;

    Call(Method method, MethodRecorder recorder) {
      this.method = method;
      this.recorder = recorder;
    }
  }

  private static final class Handler implements InvocationHandler {
    private final Object target;
    private final Map<Method, Call> calls;
    private final Consumer<Throwable> faults;

    Handler(Object target, Map<Method, Call> calls, Consumer<Throwable> faults) {
      this.target = target;
      this.calls = calls;
      this.faults = faults;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
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
      Object result;
      try {
        result = invokeTarget(method, args);
      } catch (Throwable t) {
        threw(recorder, System.nanoTime() - start);
        throw t;
      }
      returned(recorder, result, start);
      return result;
    }

    /** Records a result now, or when the stage it is completes. Never throws, short of a fatal VM error. */
    private void returned(MethodRecorder recorder, Object result, long start) {
      try {
        if (result instanceof CompletionStage) {
          // the dependent stage whenComplete returns is dropped: the caller keeps the target's own stage
          ((CompletionStage<?>) result).whenComplete((value, error) -> completed(recorder, value, error, start));
          return;
        }
        recorder.returned(result, System.nanoTime() - start);
      } catch (Throwable e) {
        fault(e);
      }
    }

    private void completed(MethodRecorder recorder, Object value, Throwable error, long start) {
      try {
        long elapsed = System.nanoTime() - start;
        if (error == null) {
          recorder.returned(value, elapsed);
        } else {
          recorder.threw(elapsed);
        }
      } catch (Throwable e) {
        fault(e);
      }
    }

    private void threw(MethodRecorder recorder, long durationNanos) {
      try {
        recorder.threw(durationNanos);
      } catch (Throwable e) {
        fault(e);
      }
    }

    /** Reports a recording fault ({@link PyBaseMetrics#recordingFailed}: rethrows only a fatal VM error). */
    private void fault(Throwable e) {
      faults.accept(e);
    }

    private Object invokeTarget(Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
