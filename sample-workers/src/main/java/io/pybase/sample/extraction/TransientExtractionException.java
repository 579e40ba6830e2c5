package io.pybase.sample.extraction;

/**
 * An attempt failed for a reason that may pass (here: the fault injected at {@code EXTRACTION_FAILURE_RATE}, which
 * stands for a flaky storage or OCR service). The task is retried until its attempts run out.
 *
 * <pre>{@code
 * if (faults.strike()) throw new TransientExtractionException("storage timeout");
 * }</pre>
 */
public final class TransientExtractionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public TransientExtractionException(String message) {
    super(message);
  }
}
