package dev.linebase.queue;

import dev.linebase.io.FileLock;
import java.io.IOException;
import java.util.List;

/**
 * A slot that a {@link GroupConsumer} owns (holds the slot lock of), with the bytes of the
 * messages it covers and, per message, when this consumer leased it. Not thread-safe: guarded by
 * its consumer.
 */
final class HeldSlot {
  final int index;
  final FileLock lock;
  SlotState state;
  private long windowBase;
  private byte[][] window = new byte[0][];
  private long[] leasedAtNanos = new long[0];
  private long[] expiresAtMillis = new long[0];

  HeldSlot(int index, FileLock lock, SlotState state) {
    this.index = index;
    this.lock = lock;
    this.state = state;
  }

  void setWindow(long base, List<byte[]> lines) {
    windowBase = base;
    window = lines.toArray(new byte[0][]);
    leasedAtNanos = new long[window.length];
    expiresAtMillis = new long[window.length];
  }

  byte[] peek(long position) {
    return window[(int) (position - windowBase)];
  }

  /** The bytes at {@code position}, dropped from memory (auto-commit never needs them again). */
  byte[] take(long position) {
    int i = (int) (position - windowBase);
    byte[] b = window[i];
    window[i] = null;
    return b;
  }

  void forget(long position) {
    window[(int) (position - windowBase)] = null;
  }

  long leasedAt(long position) {
    return leasedAtNanos[(int) (position - windowBase)];
  }

  void markLeased(long position, long nanos, long expiresMillis) {
    leasedAtNanos[(int) (position - windowBase)] = nanos;
    expiresAtMillis[(int) (position - windowBase)] = expiresMillis;
  }

  /** When the oldest lease still open in {@code s} expires (wall clock), or 0 if none is. */
  long oldestExpiry(SlotState s) {
    long oldest = 0;
    for (long p = s.from(); p < s.delivered(); p++) {
      if (!s.isConsumed(p)) {
        long e = expiresAtMillis[(int) (p - windowBase)];
        if (e != 0 && (oldest == 0 || e < oldest)) {
          oldest = e;
        }
      }
    }
    return oldest;
  }

  /** Writes {@code next} (its seq replaced by the next one) as this slot's state. */
  void commit(GroupFile f, SlotState next) throws IOException {
    SlotState written = next.withSeq(state.seq() + 1);
    f.write(index, written);
    state = written;
  }
}
