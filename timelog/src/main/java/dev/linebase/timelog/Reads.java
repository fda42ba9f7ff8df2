package dev.linebase.timelog;

import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;

/**
 * The half-open public reads of {@link TimelogReads} translated to the inclusive ranges of
 * {@link ReadView} (so {@link Long#MAX_VALUE} is reachable without overflow). Stateless.
 */
final class Reads {
  private Reads() {}

  static <V> TimelogCursor<V> range(ReadView v, long t1, long t2) {
    if (t1 >= t2) {
      return v.cursor(1, 0);
    }
    return v.cursor(t1, t2 - 1);
  }

  static <V> TimelogCursor<V> since(ReadView v, long t) {
    return v.cursor(t, Long.MAX_VALUE);
  }

  static <V> TimelogCursor<V> until(ReadView v, long t) {
    if (t == Long.MIN_VALUE) {
      return v.cursor(1, 0);
    }
    return v.cursor(Long.MIN_VALUE, t - 1);
  }

  static <V> TimelogCursor<V> all(ReadView v) {
    return v.cursor(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  static <V> List<V> at(ReadView v, long timestamp) {
    TimelogCursor<V> c = v.cursor(timestamp, timestamp);
    List<V> out = new ArrayList<>();
    while (c.next()) {
      out.add(c.value());
    }
    return Collections.unmodifiableList(out);
  }

  static long count(ReadView v) {
    return v.count(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  static long count(ReadView v, long t1, long t2) {
    return t1 >= t2 ? 0 : v.count(t1, t2 - 1);
  }

  static OptionalLong min(ReadView v) {
    return v.first(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  static OptionalLong max(ReadView v) {
    return v.last(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  static OptionalLong next(ReadView v, long t) {
    return t == Long.MAX_VALUE ? OptionalLong.empty() : v.first(t + 1, Long.MAX_VALUE);
  }

  static OptionalLong prev(ReadView v, long t) {
    return t == Long.MIN_VALUE ? OptionalLong.empty() : v.last(Long.MIN_VALUE, t - 1);
  }

  static Iterator<LongBuffer> spans(ReadView v, long t1, long t2) {
    return t1 >= t2 ? Collections.emptyIterator() : v.spans(t1, t2 - 1);
  }
}
