package dev.linebase.timelog;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A forward cursor over the visible records of a read, in timestamp order (equal timestamps in
 * insertion order), without boxing timestamps:
 *
 * <pre>{@code
 * TimelogCursor<V> c = log.range(t1, t2);
 * while (c.next()) { use(c.timestamp(), c.value()); }
 * }</pre>
 *
 * <p>A cursor reads an immutable snapshot taken when it was created: later writes, flushes and
 * compactions never change what it returns, and it needs no closing. Not thread-safe: one
 * thread per cursor.
 *
 * @param <V> the value type
 */
public interface TimelogCursor<V> {

  /** Moves to the next record; false at the end. */
  boolean next();

  /** Timestamp of the current record. */
  long timestamp();

  /** Value of the current record. */
  V value();

  /** The remaining records as an iterator (consumes this cursor). */
  default Iterator<TimedValue<V>> iterator() {
    return new Iterator<>() {
      private boolean fetched;
      private boolean has;

      @Override
      public boolean hasNext() {
        if (!fetched) {
          has = TimelogCursor.this.next();
          fetched = true;
        }
        return has;
      }

      @Override
      public TimedValue<V> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        fetched = false;
        return new TimedValue<>(timestamp(), value());
      }
    };
  }

  /** The remaining records as a sequential ordered stream (consumes this cursor). */
  default Stream<TimedValue<V>> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }
}
