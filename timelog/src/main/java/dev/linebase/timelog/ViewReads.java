package dev.linebase.timelog;

import java.nio.LongBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;

/**
 * The reads of {@link TimelogReads}, implemented once over a {@link ReadView}: a {@link Timelog}
 * reads its engine's current view on each call, a {@link TimelogSnapshot} the view it was taken
 * on. Thread-safety is that of the subclass.
 *
 * @param <V> the value type
 */
abstract sealed class ViewReads<V> implements TimelogReads<V> permits Timelog, TimelogSnapshot {

  /** The view a read runs on; throws {@link IllegalStateException} when closed. */
  abstract ReadView view();

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
}
