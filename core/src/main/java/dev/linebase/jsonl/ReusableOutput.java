package dev.linebase.jsonl;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * An in-memory output that is emptied and refilled for each value a long-lived Jackson generator
 * writes, so that encoding many values allocates only each value's final {@code byte[]}. Not
 * thread-safe: one per generator.
 */
public final class ReusableOutput extends OutputStream {
  private byte[] buf = new byte[256];
  private int count;

  /** Empties the output; a buffer grown past {@code keepBytes} is dropped rather than kept. */
  public void reset(int keepBytes) {
    count = 0;
    if (buf.length > keepBytes) {
      buf = new byte[256];
    }
  }

  /** A copy of the bytes written since the last reset. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, count);
  }

  @Override
  public void write(int b) {
    ensure(1);
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, count, len);
    count += len;
  }

  private void ensure(int more) {
    if (count + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
    }
  }
}
