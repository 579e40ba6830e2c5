package io.pybase.metrics.worker;

/**
 * The one rule for faults caught around metrics work: only an error that means the VM itself is failing
 * ({@link OutOfMemoryError}, {@link InternalError}, ...) is rethrown; a {@link StackOverflowError} is not, since the
 * caller's stack unwinds. Everything else is the caller's to count or log, never to let through.
 *
 * <pre>{@code
 * } catch (Throwable e) {
 *   FatalErrors.rethrowIfFatal(e);
 *   // count or log e; the request or task goes on
 * }
 * }</pre>
 */
final class FatalErrors {

  private FatalErrors() {}

  /** Rethrows {@code e} when it is a {@link VirtualMachineError} other than a {@link StackOverflowError}. */
  static void rethrowIfFatal(Throwable e) {
    if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
      throw fatal;
    }
  }
}
