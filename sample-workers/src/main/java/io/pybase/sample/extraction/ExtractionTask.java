package io.pybase.sample.extraction;

import io.pybase.metrics.worker.Task;
import io.pybase.metrics.worker.TaskHandler;
import io.pybase.metrics.worker.TaskIgnoredException;
import io.pybase.metrics.worker.TaskRetryException;
import io.pybase.metrics.worker.TaskTypeResolver;
import io.pybase.sample.events.TaskEvents;
import io.pybase.sample.store.TaskStateStore;
import io.pybase.sample.task.ExtractionPayload;
import io.pybase.sample.task.TaskMessage;
import io.pybase.sample.task.TaskNames;
import io.pybase.sample.task.TaskState;
import io.pybase.sample.task.TaskStatus;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The extraction worker's task {@code extract_document}: decodes the submitted content, extracts it with the
 * extractor of its file type, and stores the result as the task's state; every state change is also published.
 *
 * <p>Failures: with probability {@code failureRate} an attempt hits an injected transient fault; it is retried
 * through the queue (thrown as {@link TaskRetryException}, so the adapter counts {@code status="retry"}) until
 * {@code maxAttempts} attempts have run, then fails. Content that is not of its declared type fails at once.
 * Payload {@code delay_ms} (at most 30 s) makes each attempt take that long first: a slow task on demand; payload
 * {@code fail_attempts} makes the first that many attempts hit a transient fault: retries on demand.
 *
 * <pre>{@code
 * TaskHandler<TaskMessage, Extraction> task = InstrumentedTasks.wrap(
 *     new ExtractionTask(store, events, 0.1, 3), metrics, "extraction");
 * }</pre>
 */
@Task(name = ExtractionTask.NAME, taskType = Task.FROM_INPUT)
public final class ExtractionTask implements TaskHandler<TaskMessage, Extraction>, TaskTypeResolver<TaskMessage> {

  /** The task name on the queue and in {@code celery_task_total{task_name}}: {@link TaskNames#EXTRACT_DOCUMENT}. */
  public static final String NAME = TaskNames.EXTRACT_DOCUMENT;

  private final TaskStateStore store;
  private final TaskEvents events;
  private final double failureRate;
  private final int maxAttempts;
  private final DoubleSupplier random;

  /**
   * @param store where states and results go
   * @param events where state changes are published
   * @param failureRate probability of an injected transient fault per attempt, 0 to 1
   * @param maxAttempts attempts before a transient fault is final, at least 1
   */
  public ExtractionTask(TaskStateStore store, TaskEvents events, double failureRate, int maxAttempts) {
    this(store, events, failureRate, maxAttempts, () -> ThreadLocalRandom.current().nextDouble());
  }

  ExtractionTask(TaskStateStore store, TaskEvents events, double failureRate, int maxAttempts,
      DoubleSupplier random) {
    if (failureRate < 0 || failureRate > 1) {
      throw new IllegalArgumentException("failureRate must be in [0, 1], got " + failureRate);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    this.store = store;
    this.events = events;
    this.failureRate = failureRate;
    this.maxAttempts = maxAttempts;
    this.random = random;
  }

  /** The {@code task_type} label: the declared file type when supported, else {@code unknown} (bounded). */
  @Override
  public String taskType(TaskMessage message) {
    String type = message.get(ExtractionPayload.FILE_TYPE, "").toLowerCase(Locale.ROOT);
    return DocumentExtractors.supports(type) ? type : "unknown";
  }

  /**
   * Runs one attempt, fenced by its attempt number: the attempt starts only if the task is unfinished and no later
   * attempt has started ({@link TaskStateStore#startAttempt}), and its outcome is stored only if it is still the
   * running attempt ({@link TaskStateStore#finishAttempt}). Otherwise another worker owns the task (this one was
   * paused beyond its heartbeat TTL and the queue handed the task on), and the attempt ends with a
   * {@link TaskIgnoredException}: nothing stored, published or counted.
   */
  @Override
  public Extraction handle(TaskMessage message) throws Exception {
    String type = message.get(ExtractionPayload.FILE_TYPE, "").toLowerCase(Locale.ROOT);
    int attempt = message.attempt();
    if (!store.startAttempt(message.id(), attempt, type, message.get(ExtractionPayload.FILENAME, null))) {
      throw new TaskIgnoredException("task " + message.id() + " attempt " + attempt
          + " not started: the task is finished, or a later attempt owns it");
    }
    TaskState state = store.find(message.id())
        .orElseGet(() -> TaskState.queued(message.id(), type, message.get(ExtractionPayload.FILENAME, null)));
    events.publish(state.next(TaskStatus.RUNNING, attempt));
    try {
      simulateWork(message);
      if (attempt <= intPayload(message, ExtractionPayload.FAIL_ATTEMPTS, 0)) {
        throw new TransientExtractionException("transient fault requested for attempt " + attempt + " (fail_attempts)");
      }
      if (failureRate > 0 && random.getAsDouble() < failureRate) {
        throw new TransientExtractionException("injected transient fault (EXTRACTION_FAILURE_RATE=" + failureRate
            + ")");
      }
      byte[] content = Base64.getDecoder().decode(message.get(ExtractionPayload.CONTENT_BASE64, ""));
      Extraction result = DocumentExtractors.forType(type).extract(content);
      finish(state.succeeded(attempt, result.toJson()));
      return result;
    } catch (TransientExtractionException e) {
      if (attempt < maxAttempts) {
        finish(state.failed(TaskStatus.RETRYING, attempt, e.getMessage()));
        throw new TaskRetryException("attempt " + attempt + " of " + maxAttempts + " failed", e);
      }
      finish(state.failed(TaskStatus.FAILED, attempt, e.getMessage()));
      throw e;
    } catch (UnreadableDocumentException | IllegalArgumentException e) {
      finish(state.failed(TaskStatus.FAILED, attempt, e.getMessage()));
      throw e;
    }
  }

  private static long intPayload(TaskMessage message, String key, long defaultValue) {
    try {
      return Long.parseLong(message.get(key, Long.toString(defaultValue)));
    } catch (NumberFormatException e) {
      return defaultValue;
    }
  }

  private static void simulateWork(TaskMessage message) throws InterruptedException {
    long delay = intPayload(message, ExtractionPayload.DELAY_MS, 0);
    if (delay > 0) {
      Thread.sleep(Math.min(delay, ExtractionPayload.MAX_DELAY_MS));
    }
  }

  /** Stores and publishes the outcome, or ends the attempt as ignored when a later attempt owns the task. */
  private void finish(TaskState outcome) {
    if (!store.finishAttempt(outcome)) {
      throw new TaskIgnoredException("task " + outcome.taskId() + " attempt " + outcome.attempts() + " ("
          + outcome.status() + ") dropped: a later attempt owns the task");
    }
    events.publish(outcome);
  }
}
