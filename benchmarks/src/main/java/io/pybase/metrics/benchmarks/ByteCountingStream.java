package io.pybase.metrics.benchmarks;

import java.io.OutputStream;

/**
 * An output stream that keeps only the number of bytes written, so a scrape benchmark measures producing the
 * exposition, not storing it.
 *
 * <pre>{@code
 * ByteCountingStream sink = new ByteCountingStream();
 * writer.write(sink, registry.scrape());
 * long bytes = sink.count();
 * }</pre>
 */
public final class ByteCountingStream extends OutputStream {

  private long count;

  @Override
  public void write(int b) {
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    count += len;
  }

  /** Bytes written since the last {@link #reset()}. */
  public long count() {
    return count;
  }

  public void reset() {
    count = 0;
  }
}
