package io.pybase.metrics.worker;

import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import java.util.regex.Pattern;

/**
 * The one rule for a worker name, the {@code worker_name} label of the worker gauges, applied alike to
 * {@code WORKER_NAME} and to names given in code: 1 to 64 letters, digits, {@code '_'}, {@code '.'} or {@code '-'}.
 *
 * <pre>{@code
 * String name = WorkerNames.fromEnvironment();          // WORKER_NAME, checked, or "worker"
 * String checked = WorkerNames.require("extraction");   // a name from code, checked the same way
 * }</pre>
 */
public final class WorkerNames {

  /** {@code WORKER_NAME}. */
  public static final String VARIABLE = "WORKER_NAME";
  /** The worker name when {@code WORKER_NAME} is not set. */
  public static final String DEFAULT = "worker";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final String ALLOWED = "1 to 64 letters, digits, '_', '.' or '-'";

  private WorkerNames() {}

  /**
   * {@code workerName}, checked.
   *
   * @throws InvalidConfigurationException naming {@code WORKER_NAME} when it breaks the rule
   */
  public static String require(String workerName) {
    if (workerName == null || !NAME.matcher(workerName).matches()) {
      throw new InvalidConfigurationException(VARIABLE, String.valueOf(workerName), ALLOWED);
    }
    return workerName;
  }

  /**
   * {@code WORKER_NAME} from {@code source}, checked, or {@value #DEFAULT}.
   *
   * @throws InvalidConfigurationException naming {@code WORKER_NAME} when it breaks the rule
   */
  public static String fromSource(ConfigSource source) {
    return require(source.string(VARIABLE, DEFAULT));
  }

  /**
   * {@code WORKER_NAME} from system properties and the environment, checked, or {@value #DEFAULT}.
   *
   * @throws InvalidConfigurationException naming {@code WORKER_NAME} when it breaks the rule
   */
  public static String fromEnvironment() {
    return fromSource(ConfigSource.system());
  }
}
