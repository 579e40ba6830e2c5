package io.pybase.metrics.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A recording fault, an {@code Error} included, never reaches the caller of a proxied method nor the stage it
 * returns: results, exceptions and completions are those of the target; the fault is reported.
 */
class InstrumentedProxyFaultTest {

  /** A repository whose methods the failing recorder records. */
  public interface Repository {
    String find(long id);

    void store(String value) throws IOException;

    CompletableFuture<Integer> count();
  }

  /** Every recording call throws what a class missing from the classpath throws. */
  private static final InstrumentedProxy.MethodRecorder BROKEN = new InstrumentedProxy.MethodRecorder() {
    @Override
    public void returned(Object result, long durationNanos) {
      throw new NoClassDefFoundError("io/prometheus/metrics/tracer/initializer/SpanContextSupplier");
    }

    @Override
    public void threw(long durationNanos) {
      throw new NoClassDefFoundError("io/prometheus/metrics/tracer/initializer/SpanContextSupplier");
    }
  };

  @Test
  void recordingErrorsNeverReachTheCallerOrTheReturnedStage() throws Exception {
    IOException storeFailure = new IOException("disk full");
    CompletableFuture<Integer> pending = new CompletableFuture<>();
    List<Throwable> faults = new CopyOnWriteArrayList<>();
    Repository repository = InstrumentedProxy.wrap(Repository.class, new Repository() {
      @Override
      public String find(long id) {
        return "r" + id;
      }

      @Override
      public void store(String value) throws IOException {
        throw storeFailure;
      }

      @Override
      public CompletableFuture<Integer> count() {
        return pending;
      }
    }, method -> BROKEN, faults::add);

    assertThat(repository.find(7)).isEqualTo("r7");
    assertThatThrownBy(() -> repository.store("x")).isSameAs(storeFailure);
    CompletableFuture<Integer> count = repository.count();
    assertThat(count).isSameAs(pending);
    pending.complete(3);
    assertThat(count.get(5, TimeUnit.SECONDS)).isEqualTo(3);

    CompletableFuture<Integer> failing = new CompletableFuture<>();
    Repository failingCount = InstrumentedProxy.wrap(Repository.class, new Repository() {
      @Override
      public String find(long id) {
        return null;
      }

      @Override
      public void store(String value) {
      }

      @Override
      public CompletableFuture<Integer> count() {
        return failing;
      }
    }, method -> BROKEN, faults::add);
    IllegalStateException reset = new IllegalStateException("connection reset");
    CompletableFuture<Integer> result = failingCount.count();
    failing.completeExceptionally(reset);
    assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isSameAs(reset);

    assertThat(faults).hasSize(4).allMatch(f -> f instanceof NoClassDefFoundError);
  }
}
