package io.pybase.metrics.worker;

import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * How many tasks an executor can run at once — {@code celery_worker_pool_size}, against which saturation alerts
 * compare {@code celery_active_workers} — read from its configuration:
 *
 * <ul>
 *   <li>a {@link ThreadPoolExecutor} (a {@code ScheduledThreadPoolExecutor} included) grows past its core size only
 *       when its queue is full, so with an unbounded queue it runs at most its core size (at least one thread), and
 *       with a bounded queue or a hand-off its maximum size;</li>
 *   <li>a {@link ForkJoinPool} runs its parallelism;</li>
 *   <li>{@code Executors.newSingleThreadExecutor()} runs one.</li>
 * </ul>
 *
 * <p>Any other executor — one that grows without bound (a cached thread pool, virtual threads), one that hides its
 * pool ({@code Executors.unconfigurableExecutorService}), or one this class does not know — is refused with a message
 * asking for {@code poolSize(n)}: a wrong figure would silence the saturation alert for good.
 *
 * <pre>{@code
 * PoolCapacity.of(Executors.newScheduledThreadPool(4));   // 4
 * }</pre>
 */
final class PoolCapacity {

  /** The wrappers {@code Executors.newSingleThreadExecutor()} returns (JDK 17; JDK 21 and later). */
  private static final Set<String> SINGLE_THREAD_WRAPPERS = Set.of(
      "java.util.concurrent.Executors$FinalizableDelegatedExecutorService",
      "java.util.concurrent.Executors$AutoShutdownDelegatedExecutorService");

  private PoolCapacity() {}

  /**
   * The number of tasks {@code executor} can run at once.
   *
   * @throws IllegalArgumentException when it cannot be read from the executor; the message asks for
   *     {@code poolSize(n)}
   */
  static int of(ExecutorService executor) {
    if (executor instanceof ThreadPoolExecutor pool) {
      return ofThreadPool(pool);
    }
    if (executor instanceof ForkJoinPool pool) {
      return pool.getParallelism();
    }
    String type = executor.getClass().getName();
    if (SINGLE_THREAD_WRAPPERS.contains(type)) {
      return 1;
    }
    if (type.equals("java.util.concurrent.ThreadPerTaskExecutor")) {
      throw refused(executor, "starts a thread (a virtual thread) per task, so it has no size");
    }
    throw refused(executor, "does not tell how many tasks it runs at once");
  }

  private static int ofThreadPool(ThreadPoolExecutor pool) {
    int core = pool.getCorePoolSize();
    int max = pool.getMaximumPoolSize();
    BlockingQueue<Runnable> queue = pool.getQueue();
    boolean unboundedQueue = (long) queue.remainingCapacity() + queue.size() >= Integer.MAX_VALUE;
    // with an unbounded queue no thread beyond the core is ever started; with no core thread, one is
    int size = unboundedQueue ? Math.min(Math.max(core, 1), max) : max;
    if (size == Integer.MAX_VALUE) {
      throw refused(pool, "grows without bound (maximum pool size Integer.MAX_VALUE and a "
          + queue.getClass().getSimpleName() + ")");
    }
    return size;
  }

  private static IllegalArgumentException refused(ExecutorService executor, String why) {
    return new IllegalArgumentException("Cannot tell celery_worker_pool_size of " + executor.getClass().getName()
        + ": it " + why + ". Give the number of tasks it may run at once: "
        + "InstrumentedExecutorService.builder(executor).poolSize(n)");
  }
}
