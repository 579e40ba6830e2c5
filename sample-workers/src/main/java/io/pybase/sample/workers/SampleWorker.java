package io.pybase.sample.workers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.worker.TaskHandler;
import io.pybase.metrics.worker.TaskIgnoredException;
import io.pybase.metrics.worker.TaskRetryException;
import io.pybase.sample.queue.Delivery;
import io.pybase.sample.queue.TaskQueue;
import io.pybase.sample.task.TaskMessage;
import io.pybase.sample.transport.OutageLog;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * A worker: {@code concurrency} consumer threads taking tasks from the queue named after the worker and running
 * the (instrumented) handler registered for each task name. A handler that throws {@link TaskRetryException} gets
 * its task queued again one attempt later; any other exception is final. Request/response tasks get their
 * handler's result (or error) as JSON at their reply address. A timer returns the tasks of dead consumers
 * ({@link TaskQueue#recoverAbandoned}) and counts each as a retry.
 *
 * <pre>{@code
 * SampleWorker worker = SampleWorker.builder("search", queue, metrics)
 *     .handler(IndexRecordTask.NAME, InstrumentedTasks.wrap(new IndexRecordTask(index), metrics, "search"))
 *     .concurrency(2)
 *     .build()
 *     .start();
 * // ...
 * worker.close();   // drains: running tasks finish, nothing is lost
 * }</pre>
 */
public final class SampleWorker implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(SampleWorker.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration SETTLE_PATIENCE = Duration.ofSeconds(20);

  private final String name;
  private final TaskQueue queue;
  private final PyBaseMetrics metrics;
  private final Map<String, TaskHandler<TaskMessage, ?>> handlers;
  private final int concurrency;
  private final Duration recoveryInterval;
  private final BiConsumer<TaskMessage, Long> onRedelivered;
  private final String instance;
  private final List<Thread> consumers = new ArrayList<>();
  private final OutageLog outage;
  private ScheduledExecutorService recovery;
  private volatile boolean running;

  private SampleWorker(Builder b) {
    this.name = b.name;
    this.queue = b.queue;
    this.metrics = b.metrics;
    this.handlers = Map.copyOf(b.handlers);
    this.concurrency = b.concurrency;
    this.recoveryInterval = b.recoveryInterval;
    this.onRedelivered = b.onRedelivered;
    this.outage = new OutageLog(LOG, "the queue of worker " + b.name);
    this.instance = ManagementFactory.getRuntimeMXBean().getName().replaceAll("[^A-Za-z0-9@._-]", "_") + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A worker consuming queue {@code name}, recording into {@code metrics}. */
  public static Builder builder(String name, TaskQueue queue, PyBaseMetrics metrics) {
    return new Builder(name, queue, metrics);
  }

  /** Starts the consumer threads and the recovery timer. */
  public synchronized SampleWorker start() {
    if (running) {
      return this;
    }
    running = true;
    metrics.workers().poolSize(name, concurrency);
    for (int i = 0; i < concurrency; i++) {
      String consumerId = name + "-" + instance + "-" + i;
      Thread t = new Thread(() -> consume(consumerId), "worker-" + name + "-" + i);
      t.setDaemon(true);
      consumers.add(t);
      t.start();
    }
    recovery = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "worker-" + name + "-recovery");
      t.setDaemon(true);
      return t;
    });
    long every = recoveryInterval.toMillis();
    ScheduledFuture<?> unused = recovery.scheduleWithFixedDelay(this::recover, every, every, TimeUnit.MILLISECONDS);
    LOG.log(System.Logger.Level.INFO, "worker " + name + " started with " + concurrency + " consumers");
    return this;
  }

  /** The queue (and worker) name. */
  public String name() {
    return name;
  }

  /** Whether the worker is consuming. */
  public boolean running() {
    return running;
  }

  /** Stops taking tasks, lets running ones finish (up to 30 s), and hands anything left back to the queue. */
  @Override
  public synchronized void close() {
    if (!running) {
      return;
    }
    running = false;
    if (recovery != null) {
      recovery.shutdownNow();
    }
    for (Thread t : consumers) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    consumers.clear();
    LOG.log(System.Logger.Level.INFO, "worker " + name + " stopped");
  }

  private void consume(String consumerId) {
    Backoff backoff = new Backoff();
    while (running) {
      try {
        queue.consumerStarted(name, consumerId);
        outage.reachable();
        break;
      } catch (RuntimeException e) {
        outage.unreachable(e);
        if (!backoff.pause()) {
          return;
        }
      }
    }
    while (running) {
      Delivery d;
      try {
        d = queue.take(name, consumerId, POLL);
        outage.reachable();
        backoff.reset();
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        outage.unreachable(e);
        if (!backoff.pause()) {
          break;
        }
        continue;
      }
      if (d != null) {
        process(d);
      }
    }
    try {
      queue.consumerStopped(name, consumerId);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "worker " + name + " could not deregister " + consumerId + " (" + e
          + "); its heartbeat expires and another worker returns what it held to the queue");
    }
  }

  private void process(Delivery d) {
    TaskMessage m = d.message();
    TaskHandler<TaskMessage, ?> handler = handlers.get(m.name());
    if (handler == null) {
      LOG.log(System.Logger.Level.WARNING, "worker " + name + " has no task " + m.name() + "; dropped " + m.id());
      reply(m, Map.of("error", "unknown task " + m.name()));
      settle(d, () -> queue.ack(d));
      return;
    }
    Object result;
    try {
      result = handler.handle(m);
    } catch (TaskIgnoredException e) {
      LOG.log(System.Logger.Level.INFO, "worker " + name + ": " + e.getMessage());
      settle(d, () -> queue.ack(d));   // drops a stale copy we still hold; a task handed on is no longer ours
      return;
    } catch (TaskRetryException e) {
      settle(d, () -> queue.retry(d, m.nextAttempt()));
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      settle(d, () -> queue.retry(d, m.nextAttempt()));
      return;
    } catch (Exception e) {
      LOG.log(System.Logger.Level.DEBUG, "task " + m + " failed: " + e);
      reply(m, Map.of("error", String.valueOf(e.getMessage())));
      settle(d, () -> queue.ack(d));
      return;
    }
    reply(m, result);
    settle(d, () -> queue.ack(d));
  }

  /**
   * Acks or retries {@code d}, retrying the queue call with backoff while the queue is unreachable (the task stays
   * reserved in the queue meanwhile, so it is never lost). Gives up only when the worker stops and the queue has
   * stayed unreachable for {@link #SETTLE_PATIENCE}: the reservation then outlives this worker, whose heartbeat
   * expires, and another worker returns the task to the queue.
   */
  private void settle(Delivery d, BooleanSupplier operation) {
    Backoff backoff = new Backoff();
    long stopDeadline = 0;
    while (true) {
      try {
        if (!operation.getAsBoolean()) {
          LOG.log(System.Logger.Level.INFO, "worker " + name + ": " + d.message() + " was handed to another"
              + " consumer while this one could not be reached; left to its new owner");
        }
        outage.reachable();
        return;
      } catch (RuntimeException e) {
        outage.unreachable(e);
      }
      if (!running) {
        long now = System.nanoTime();
        if (stopDeadline == 0) {
          stopDeadline = now + SETTLE_PATIENCE.toNanos();
        } else if (now > stopDeadline) {
          LOG.log(System.Logger.Level.WARNING, "worker " + name + " stops without settling " + d.message()
              + ": it stays reserved and is recovered by another worker");
          return;
        }
      }
      if (!backoff.pause()) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void reply(TaskMessage m, Object body) {
    if (m.replyTo() == null) {
      return;
    }
    try {
      queue.reply(m.replyTo(), JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      queue.reply(m.replyTo(), "{\"error\":\"result not serialisable\"}");
    }
  }

  private void recover() {
    try {
      int n = queue.recoverAbandoned(name, (m, heldNanos) -> {
        if (handlers.containsKey(m.name())) {
          onRedelivered.accept(m, heldNanos);
        }
      });
      if (n > 0) {
        LOG.log(System.Logger.Level.INFO, "worker " + name + " returned " + n + " task(s) of a dead consumer");
      }
    } catch (RuntimeException e) {
      outage.unreachable(e);   // the next round tries again
    }
  }

  /** Exponential pauses from 100 ms to 5 s between calls to an unreachable queue. */
  private static final class Backoff {
    private long millis = 100;

    void reset() {
      millis = 100;
    }

    /** Sleeps, then lengthens the next pause; {@code false} when interrupted. */
    boolean pause() {
      try {
        Thread.sleep(millis);
        millis = Math.min(5000, millis * 2);
        return true;
      } catch (InterruptedException e) {
        return false;
      }
    }
  }

  /** Options of a {@link SampleWorker}. */
  public static final class Builder {
    private final String name;
    private final TaskQueue queue;
    private final PyBaseMetrics metrics;
    private final Map<String, TaskHandler<TaskMessage, ?>> handlers = new LinkedHashMap<>();
    private int concurrency = 2;
    private Duration recoveryInterval = Duration.ofSeconds(5);
    private BiConsumer<TaskMessage, Long> onRedelivered;

    private Builder(String name, TaskQueue queue, PyBaseMetrics metrics) {
      this.name = Objects.requireNonNull(name, "name");
      this.queue = Objects.requireNonNull(queue, "queue");
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      this.onRedelivered = (m, held) -> metrics.tasks().task(m.name()).retried(held);
    }

    /** Runs task {@code taskName} with {@code handler} (wrap it with {@code InstrumentedTasks} first). */
    public Builder handler(String taskName, TaskHandler<TaskMessage, ?> handler) {
      handlers.put(taskName, Objects.requireNonNull(handler, "handler"));
      return this;
    }

    /** Consumer threads (default 2). */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
      }
      this.concurrency = concurrency;
      return this;
    }

    /** How often to look for tasks of dead consumers (default 5 s). */
    public Builder recoveryInterval(Duration interval) {
      this.recoveryInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * What to record when a dead consumer's task is returned to the queue (default: one retry of its task name,
     * {@code heldNanos} observed as that attempt's duration).
     */
    public Builder onRedelivered(BiConsumer<TaskMessage, Long> listener) {
      this.onRedelivered = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public SampleWorker build() {
      return new SampleWorker(this);
    }
  }
}
