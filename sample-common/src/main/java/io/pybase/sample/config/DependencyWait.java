package io.pybase.sample.config;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Start-up's wait for a server that a setting names (PostgreSQL in {@code JDBC_URL}, Redis in {@code REDIS_URL}):
 * it tries, and while the server does not answer it tries again with exponential backoff (0.25 s doubling to 5 s)
 * up to {@code DEPENDENCY_WAIT_SECONDS}. It says once that it waits, and fails with one {@link StartupException}
 * line naming the setting and what was tried (host:port). A dependency that answers but refuses (wrong password,
 * unknown database) fails at once: waiting does not help.
 *
 * <pre>{@code
 * DependencyWait wait = DependencyWait.from(ConfigSource.system(), System.err);
 * wait.until("REDIS_URL", "redis://cache:6379", "Redis", "cache", 6379, () -> {
 *   redis.ping();   // a failure is an UNREACHABLE attempt: tried again with backoff
 *   return DependencyWait.Attempt.ready();
 * });
 * }</pre>
 *
 * @param patience how long to wait in all ({@code DEPENDENCY_WAIT_SECONDS}, default 30; 0: try once)
 * @param say where the one "waiting" line goes
 */
public record DependencyWait(Duration patience, PrintStream say) {

  /** {@code DEPENDENCY_WAIT_SECONDS}. */
  public static final String VARIABLE = "DEPENDENCY_WAIT_SECONDS";

  /** 30 s, announced on standard error. */
  public static DependencyWait defaults() {
    return new DependencyWait(Duration.ofSeconds(30), System.err);
  }

  /** Reads {@code DEPENDENCY_WAIT_SECONDS} (0 to 600). */
  public static DependencyWait from(io.pybase.metrics.config.ConfigSource source, PrintStream say) {
    return new DependencyWait(Duration.ofSeconds(source.integer(VARIABLE, 30, 0, 600)), say);
  }

  /** What one attempt found. */
  public enum Outcome {
    /** It answered. */
    READY,
    /** Not reachable (yet): try again. */
    UNREACHABLE,
    /** It answered but refuses: do not wait. */
    REFUSED
  }

  /** One attempt: its outcome and, when it did not answer or refused, why (one line, no secrets). */
  public record Attempt(Outcome outcome, String detail) {
    public static Attempt ready() {
      return new Attempt(Outcome.READY, "");
    }
  }

  /**
   * Waits until {@code attempt} says {@link Outcome#READY}; an attempt that throws counts as
   * {@link Outcome#UNREACHABLE}.
   *
   * @param variable the setting that names the server, e.g. {@code REDIS_URL}
   * @param shownValue its value as it may be shown (password masked here anyway)
   * @param what the server's kind, e.g. {@code Redis}
   * @throws StartupException when it refuses, or still does not answer after {@link #patience()}
   */
  public void until(String variable, String shownValue, String what, String host, int port,
      Callable<Attempt> attempt) {
    long start = System.nanoTime();
    long deadline = start + patience.toNanos();
    long pause = 250;
    boolean announced = false;
    String target = host + ":" + port;
    while (true) {
      Attempt a;
      try {
        a = attempt.call();
      } catch (Exception e) {
        a = new Attempt(Outcome.UNREACHABLE, String.valueOf(e.getMessage()));
      }
      if (a.outcome() == Outcome.READY) {
        if (announced) {
          say.println(what + " at " + target + " (" + variable + ") answered after "
              + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
        }
        return;
      }
      String setting = variable + "='" + CredentialMask.mask(shownValue) + "'";
      if (a.outcome() == Outcome.REFUSED) {
        throw new StartupException(variable, what + " at " + target + " (" + setting + ") refused the connection: "
            + a.detail());
      }
      long now = System.nanoTime();
      if (now + pause * 1_000_000L > deadline) {
        throw new StartupException(variable, "Cannot reach " + what + " at " + target + " (" + setting + ") within "
            + patience.toSeconds() + " s: " + a.detail());
      }
      if (!announced) {
        say.println("Waiting up to " + patience.toSeconds() + " s for " + what + " at " + target + " ("
            + variable + "): " + CredentialMask.mask(a.detail()));
        announced = true;
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StartupException(variable, "Interrupted while waiting for " + what + " at " + target);
      }
      pause = Math.min(5000, pause * 2);
    }
  }
}
