package dev.linebase.timelog;

import java.nio.LongBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;

/**
 * The reads a {@link Timelog} and a {@link TimelogSnapshot} offer. Ranges are half-open
 * {@code [t1, t2)}; a range with {@code t1 >= t2} is empty. Every {@code long} is a valid
 * timestamp, {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE} included (use {@link #since} to
 * reach {@code Long.MAX_VALUE}). Records come in timestamp order; equal timestamps in insertion
 * order. Each call reads one consistent state; a cursor keeps reading the state it started on.
 *
 * @param <V> the value type
 */
public sealed interface TimelogReads<V> permits ViewReads {

  /** Records with {@code t1 <= timestamp < t2}. */
  TimelogCursor<V> range(long t1, long t2);

  /** Records with {@code timestamp >= t}. */
  TimelogCursor<V> since(long t);

  /** Records with {@code timestamp < t}. */
  TimelogCursor<V> until(long t);

  /** Every record. */
  TimelogCursor<V> all();

  /** The values at exactly {@code timestamp}, in insertion order. */
  List<V> at(long timestamp);

  /** Number of visible records, without materializing them. */
  long count();

  /** Number of visible records in {@code [t1, t2)}, without materializing them. */
  long count(long t1, long t2);

  /** Smallest visible timestamp, empty when nothing is visible. */
  OptionalLong minTimestamp();

  /** Largest visible timestamp, empty when nothing is visible. */
  OptionalLong maxTimestamp();

  /** Smallest visible timestamp strictly greater than {@code t}. */
  OptionalLong nextTimestamp(long t);

  /** Largest visible timestamp strictly less than {@code t}. */
  OptionalLong prevTimestamp(long t);

  /**
   * The visible timestamps of {@code [t1, t2)} as read-only {@link LongBuffer} spans in order,
   * without copying: each span is a view of a contiguous part of one source's primitive array
   * (a segment, a sealed run or the memtable). For analytics that do not need the values.
   */
  Iterator<LongBuffer> timestampSpans(long t1, long t2);
}
