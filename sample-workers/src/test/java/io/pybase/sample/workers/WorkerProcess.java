package io.pybase.sample.workers;

import io.pybase.sample.testing.MainProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real worker JVM ({@link WorkerMain}) for the tests: its own process, environment and metrics port, which a test
 * can pause ({@code kill -STOP}), resume ({@code kill -CONT}) and kill ({@code kill -9}). Its output goes to a log
 * file. {@link #close()} kills it if it still runs.
 */
final class WorkerProcess implements AutoCloseable {

  private final Process process;
  private final int metricsPort;

  private WorkerProcess(Process process, int metricsPort) {
    this.process = process;
    this.metricsPort = metricsPort;
  }

  /** Starts {@code WorkerMain} with {@code env} on top of a clean environment (no inherited sample settings). */
  static WorkerProcess start(Path logFile, int metricsPort, Map<String, String> env) throws IOException {
    Map<String, String> all = new HashMap<>(env);
    all.putIfAbsent("PROMETHEUS_METRICS_PORT", Integer.toString(metricsPort));
    ProcessBuilder pb = MainProcess.processBuilder(WorkerMain.class, List.of(), all);
    pb.redirectErrorStream(true).redirectOutput(logFile.toFile());
    return new WorkerProcess(pb.start(), metricsPort);
  }

  long pid() {
    return process.pid();
  }

  int metricsPort() {
    return metricsPort;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Whether {@code consumerId} (as the queue lists it) is one of this process's consumers. */
  boolean owns(String consumerId) {
    return consumerId.contains("-" + process.pid() + "@");
  }

  /** {@code kill -STOP}: every thread of the JVM stops, as in a long GC pause. */
  void pause() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** {@code kill -CONT}. */
  void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  /** {@code kill -9}: no shutdown hook, no ack, no clean deregistration. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder(List.of("kill", signal, Long.toString(process.pid()))).start();
    if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        signal("-CONT");
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while killing worker " + process.pid(), e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
