package io.pybase.sample.config;

import io.pybase.metrics.config.InvalidConfigurationException;
import java.util.concurrent.CountDownLatch;

/**
 * How a sample's {@code main} starts and runs, the same for the API, the worker and the all-in-one stack: a bad
 * setting ({@link InvalidConfigurationException}) prints its one line and exits with status 2; a valid setting that
 * cannot be used ({@link StartupException}: a port in use, a server that does not answer) prints its one line and
 * exits with {@link StartupException#EXIT_STATUS}; never a stack trace. Once started, the sample runs until SIGTERM
 * or Ctrl-C, then stops.
 *
 * <pre>{@code
 * public static void main(String[] args) throws InterruptedException {
 *   SampleMain.run("api", () -> {
 *     ApiSettings settings = ApiSettings.from(ConfigSource.system());   // may throw InvalidConfigurationException
 *     ApiServer api = ApiServer.builder(metrics, transport).settings(settings).start();   // may throw StartupException
 *     return api::close;                                                  // run at shutdown
 *   });
 * }
 * }</pre>
 */
public final class SampleMain {

  /** Reads the settings, starts the sample, and returns how to stop it. */
  @FunctionalInterface
  public interface Launch {
    /**
     * Reads the settings and starts the sample.
     *
     * @return what stops the started sample, run once at shutdown
     * @throws InvalidConfigurationException when a setting is invalid
     * @throws StartupException when a setting cannot be used
     */
    Runnable start();
  }

  private SampleMain() {}

  /**
   * Runs {@code launch}, then waits until the JVM shuts down, stopping the sample on the way; exits as the class
   * says when the start fails.
   *
   * @param name names the shutdown thread ({@code <name>-shutdown})
   */
  public static void run(String name, Launch launch) throws InterruptedException {
    Runnable stop;
    try {
      stop = launch.start();
    } catch (InvalidConfigurationException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    } catch (StartupException e) {
      System.err.println(e.getMessage());
      System.exit(StartupException.EXIT_STATUS);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.run();
      stopped.countDown();
    }, name + "-shutdown"));
    stopped.await();
  }
}
