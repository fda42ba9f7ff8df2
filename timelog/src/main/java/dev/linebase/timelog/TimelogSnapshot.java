package dev.linebase.timelog;

import java.nio.LongBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;

/**
 * A consistent, immutable view of a {@link Timelog} at the moment {@link Timelog#snapshot()} was
 * called: later appends, deletes, flushes and compactions are never visible through it, and
 * every read of it returns the same answer. It pins only in-memory arrays (no files), so it
 * costs nothing while open; close it when done, after which reads throw
 * {@link IllegalStateException}. Thread-safe: any number of threads may read it.
 *
 * @param <V> the value type
 */
public final class TimelogSnapshot<V> implements TimelogReads<V>, AutoCloseable {
  private final ReadView view;
  private volatile boolean closed;

  TimelogSnapshot(ReadView view) {
    this.view = view;
  }

  private ReadView view() {
    if (closed) {
      throw new IllegalStateException("snapshot is closed");
    }
    return view;
  }

  @Override
  public TimelogCursor<V> range(long t1, long t2) {
    return Reads.range(view(), t1, t2);
  }

  @Override
  public TimelogCursor<V> since(long t) {
    return Reads.since(view(), t);
  }

  @Override
  public TimelogCursor<V> until(long t) {
    return Reads.until(view(), t);
  }

  @Override
  public TimelogCursor<V> all() {
    return Reads.all(view());
  }

  @Override
  public List<V> at(long timestamp) {
    return Reads.at(view(), timestamp);
  }

  @Override
  public long count() {
    return Reads.count(view());
  }

  @Override
  public long count(long t1, long t2) {
    return Reads.count(view(), t1, t2);
  }

  @Override
  public OptionalLong minTimestamp() {
    return Reads.min(view());
  }

  @Override
  public OptionalLong maxTimestamp() {
    return Reads.max(view());
  }

  @Override
  public OptionalLong nextTimestamp(long t) {
    return Reads.next(view(), t);
  }

  @Override
  public OptionalLong prevTimestamp(long t) {
    return Reads.prev(view(), t);
  }

  @Override
  public Iterator<LongBuffer> timestampSpans(long t1, long t2) {
    return Reads.spans(view(), t1, t2);
  }

  /** Releases the snapshot. Idempotent. */
  @Override
  public void close() {
    closed = true;
  }
}
