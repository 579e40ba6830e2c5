package io.pybase.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.instrument.CacheOperation;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.instrument.QueryType;
import io.pybase.metrics.instrument.InstrumentedProxy;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The annotation-driven wrapper: hit, miss and error paths, unchanged exceptions, unannotated methods untouched,
 * asynchronous results recorded when they complete, unobservable return types refused at wrap time.
 */
class InstrumentedProxyTest {

  /** A cache interface as an application would write it. */
  public interface RecordCache {
    @CacheOperation("get")
    Optional<String> get(String key);

    @CacheOperation("get")
    String getOrNull(String key);

    @CacheOperation("set")
    void put(String key, String value) throws IOException;

    @CacheOperation("delete")
    boolean evict(String key);

    int size();
  }

  /** A repository interface. */
  public interface RecordRepository {
    @QueryType("select")
    Optional<String> find(long id);

    @QueryType("insert")
    long insert(String value) throws IOException;

    default String describe() {
      return "repo";
    }
  }

  static final class MapCache implements RecordCache {
    final Map<String, String> map = new HashMap<>();
    IOException failWith;
    int sizeCalls;

    @Override
    public Optional<String> get(String key) {
      return Optional.ofNullable(map.get(key));
    }

    @Override
    public String getOrNull(String key) {
      if (key.equals("boom")) {
        throw new IllegalStateException("backend down");
      }
      return map.get(key);
    }

    @Override
    public void put(String key, String value) throws IOException {
      if (failWith != null) {
        throw failWith;
      }
      map.put(key, value);
    }

    @Override
    public boolean evict(String key) {
      return map.remove(key) != null;
    }

    @Override
    public int size() {
      sizeCalls++;
      return map.size();
    }
  }

  private PrometheusRegistry registry;
  private PyBaseMetrics metrics;
  private MapCache target;
  private RecordCache cache;

  @BeforeEach
  void setUp() {
    registry = new PrometheusRegistry();
    metrics = PyBaseMetrics.register(registry, PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    target = new MapCache();
    cache = InstrumentedProxy.wrap(RecordCache.class, target, metrics);
  }

  private double cacheCount(String operation, String status) {
    return Exposition.scrape(registry).value("cache_operations_total",
        "operation=\"" + operation + "\"", "status=\"" + status + "\"");
  }

  @Test
  void getReturningAValueCountsAHit() {
    target.map.put("k", "v");
    assertThat(cache.get("k")).contains("v");
    assertThat(cache.getOrNull("k")).isEqualTo("v");
    assertThat(cacheCount("get", "hit")).isEqualTo(2.0);
    assertThat(cacheCount("get", "miss")).isZero();
  }

  @Test
  void getReturningEmptyOrNullCountsAMiss() {
    assertThat(cache.get("absent")).isEmpty();
    assertThat(cache.getOrNull("absent")).isNull();
    assertThat(cacheCount("get", "miss")).isEqualTo(2.0);
    assertThat(cacheCount("get", "hit")).isZero();
  }

  @Test
  void throwingCallCountsAnErrorAndRethrowsTheSameException() {
    IOException failure = new IOException("disk full");
    target.failWith = failure;
    assertThatThrownBy(() -> cache.put("k", "v")).isSameAs(failure);
    assertThatThrownBy(() -> cache.getOrNull("boom")).isInstanceOf(IllegalStateException.class)
        .hasMessage("backend down");
    assertThat(cacheCount("set", "error")).isEqualTo(1.0);
    assertThat(cacheCount("get", "error")).isEqualTo(1.0);
  }

  @Test
  void writesAndDeletesCountSuccess() throws IOException {
    cache.put("k", "v");
    assertThat(cache.evict("k")).isTrue();
    assertThat(cacheCount("set", "success")).isEqualTo(1.0);
    assertThat(cacheCount("delete", "success")).isEqualTo(1.0);
  }

  @Test
  void unannotatedMethodsPassThroughUnrecorded() {
    assertThat(cache.size()).isZero();
    assertThat(target.sizeCalls).isEqualTo(1);
    assertThat(Exposition.scrape(registry).samples("cache_operations_total")).isEmpty();
  }

  @Test
  void repositoryQueriesRecordDurationAndErrors() {
    RecordRepository repo = InstrumentedProxy.wrap(RecordRepository.class, new RecordRepository() {
      @Override
      public Optional<String> find(long id) {
        return Optional.of("r" + id);
      }

      @Override
      public long insert(String value) throws IOException {
        throw new IOException("constraint violated");
      }
    }, metrics);
    assertThat(repo.find(7)).contains("r7");
    assertThat(repo.find(8)).contains("r8");
    assertThatThrownBy(() -> repo.insert("x")).isInstanceOf(IOException.class).hasMessage("constraint violated");
    assertThat(repo.describe()).isEqualTo("repo");
    Exposition e = Exposition.scrape(registry);
    assertThat(e.value("db_query_duration_seconds_count", "query_type=\"select\"")).isEqualTo(2.0);
    assertThat(e.value("db_query_duration_seconds_count", "query_type=\"insert\"")).isEqualTo(1.0);
    assertThat(e.value("db_query_errors_total", "query_type=\"insert\"")).isEqualTo(1.0);
    assertThat(e.value("db_query_errors_total", "query_type=\"select\"")).isZero();
  }

  @Test
  void disabledMetricsStillDelegateEveryCall() {
    PyBaseMetrics off = PyBaseMetrics.register(new PrometheusRegistry(),
        PyBaseMetricsConfig.builder().enabled(false).build());
    target.map.put("k", "v");
    RecordCache wrapped = InstrumentedProxy.wrap(RecordCache.class, target, off);
    assertThat(wrapped.get("k")).contains("v");
  }

  /** An asynchronous cache and repository, as clients built on CompletableFuture declare them. */
  public interface AsyncStore {
    @CacheOperation("get")
    CompletableFuture<Optional<String>> get(String key);

    @QueryType("select")
    CompletableFuture<Integer> count();

    @QueryType("select")
    CompletionStage<Integer> countStage();
  }

  /** Completes every stage it hands out only when the test says so, from another thread. */
  static final class ManualAsyncStore implements AsyncStore {
    final CompletableFuture<Optional<String>> get = new CompletableFuture<>();
    final CompletableFuture<Integer> count = new CompletableFuture<>();

    @Override
    public CompletableFuture<Optional<String>> get(String key) {
      return get;
    }

    @Override
    public CompletableFuture<Integer> count() {
      return count;
    }

    @Override
    public CompletionStage<Integer> countStage() {
      return count.minimalCompletionStage();
    }
  }

  @Test
  void cacheGetWhoseFutureCompletesEmptyCountsAMissWhenItCompletes() throws Exception {
    ManualAsyncStore async = new ManualAsyncStore();
    AsyncStore store = InstrumentedProxy.wrap(AsyncStore.class, async, metrics);

    CompletableFuture<Optional<String>> result = store.get("absent");
    assertThat(result).isSameAs(async.get);
    assertThat(Exposition.scrape(registry).samples("cache_operations_total")).isEmpty();

    CompletableFuture.runAsync(() -> async.get.complete(Optional.empty())).get(5, TimeUnit.SECONDS);
    assertThat(result.get()).isEmpty();
    eventually(() -> assertThat(cacheCount("get", "miss")).isEqualTo(1.0));
    assertThat(cacheCount("get", "hit")).isZero();
  }

  @Test
  void queryWhoseFutureFailsAfter300MillisecondsRecordsItsDurationAndAnError() throws Exception {
    ManualAsyncStore async = new ManualAsyncStore();
    AsyncStore store = InstrumentedProxy.wrap(AsyncStore.class, async, metrics);
    IllegalStateException failure = new IllegalStateException("connection reset");

    CompletableFuture<Integer> result = store.count();
    CompletableFuture<Void> completer = CompletableFuture.runAsync(() -> {
      sleep(300);
      async.count.completeExceptionally(failure);
    });
    assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isSameAs(failure);
    completer.get(5, TimeUnit.SECONDS);

    // the caller may wake before the recording callback of the same completion has run
    eventually(() -> assertThat(Exposition.scrape(registry).samples("db_query_errors_total")).isNotEmpty());
    Exposition e = Exposition.scrape(registry);
    assertThat(e.value("db_query_duration_seconds_count", "query_type=\"select\"")).isEqualTo(1.0);
    assertThat(e.value("db_query_duration_seconds_sum", "query_type=\"select\"")).isGreaterThanOrEqualTo(0.3);
    assertThat(e.value("db_query_errors_total", "query_type=\"select\"")).isEqualTo(1.0);
  }

  @Test
  void completionStageIsRecordedWhenItCompletesAndReachesTheCallerUnchanged() throws Exception {
    ManualAsyncStore async = new ManualAsyncStore();
    AsyncStore store = InstrumentedProxy.wrap(AsyncStore.class, async, metrics);

    CompletionStage<Integer> stage = store.countStage();
    assertThat(Exposition.scrape(registry).samples("db_query_duration_seconds_count")).isEmpty();
    async.count.complete(42);
    assertThat(stage.toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(42);
    eventually(() -> assertThat(Exposition.scrape(registry).samples("db_query_duration_seconds_count")).isNotEmpty());
    Exposition e = Exposition.scrape(registry);
    assertThat(e.value("db_query_duration_seconds_count", "query_type=\"select\"")).isEqualTo(1.0);
    assertThat(e.value("db_query_errors_total", "query_type=\"select\"")).isZero();
  }

  @Test
  void cancelledFutureCountsAnError() {
    ManualAsyncStore async = new ManualAsyncStore();
    AsyncStore store = InstrumentedProxy.wrap(AsyncStore.class, async, metrics);
    store.get("k").cancel(true);
    assertThat(cacheCount("get", "error")).isEqualTo(1.0);
  }

  /** A repository returning types whose completion the proxy cannot observe. */
  public interface PlainFutureRepository {
    @QueryType("select")
    Future<Integer> count();
  }

  /** A repository returning a lazy reactive type. */
  public interface PublisherRepository {
    @QueryType("select")
    Flow.Publisher<Integer> rows();
  }

  /** A lazy type of an application's own, implementing a reactive-streams interface. */
  public interface RowStream extends Flow.Publisher<Integer> {}

  /** A cache returning the application's own lazy type. */
  public interface StreamingCache {
    @CacheOperation("get")
    RowStream get(String key);

    Future<Integer> unrecorded();
  }

  @Test
  void refusesAtWrapTimeReturnTypesWhoseCompletionCannotBeObserved() {
    assertThatThrownBy(() -> InstrumentedProxy.wrap(PlainFutureRepository.class, () -> null, metrics))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(PlainFutureRepository.class.getName() + ".count()")
        .hasMessageContaining("java.util.concurrent.Future")
        .hasMessageContaining("Return a CompletableFuture or a CompletionStage");
    assertThatThrownBy(() -> InstrumentedProxy.wrap(PublisherRepository.class, () -> null, metrics))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(".rows()")
        .hasMessageContaining("lazy reactive type");
    assertThatThrownBy(() -> InstrumentedProxy.wrap(StreamingCache.class, new StreamingCache() {
      @Override
      public RowStream get(String key) {
        return null;
      }

      @Override
      public Future<Integer> unrecorded() {
        return null;
      }
    }, metrics)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(RowStream.class.getName() + " (java.util.concurrent.Flow$Publisher)");
  }

  /** Retries {@code assertion} for up to 5 s: recording follows a completion on the completing thread. */
  private static void eventually(Runnable assertion) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        sleep(10);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void rejectsClassesAndNullTargets() {
    assertThatThrownBy(() -> InstrumentedProxy.wrap(MapCache.class, target, metrics))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not an interface");
    assertThatThrownBy(() -> InstrumentedProxy.wrap(RecordCache.class, null, metrics))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
