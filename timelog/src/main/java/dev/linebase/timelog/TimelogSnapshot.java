package dev.linebase.timelog;


/**
 * A consistent, immutable view of a {@link Timelog} at the moment {@link Timelog#snapshot()} was
 * called: later appends, deletes, flushes and compactions are never visible through it, and
 * every read of it returns the same answer. It pins only in-memory arrays (no files), so it
 * costs nothing while open; close it when done, after which reads throw
 * {@link IllegalStateException}. Thread-safe: any number of threads may read it.
 *
 * @param <V> the value type
 */
public final class TimelogSnapshot<V> extends ViewReads<V> implements AutoCloseable {
  private final ReadView view;
  private volatile boolean closed;

  TimelogSnapshot(ReadView view) {
    this.view = view;
  }

  @Override
  ReadView view() {
    if (closed) {
      throw new IllegalStateException("snapshot is closed");
    }
    return view;
  }

  /** Releases the snapshot. Idempotent. */
  @Override
  public void close() {
    closed = true;
  }
}
