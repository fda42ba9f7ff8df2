package dev.linebase.log;

import java.util.Arrays;

/**
 * An immutable, base-ordered array of a log's segments with the lookups readers need: the
 * segment holding a global line in O(log segments) and the segment after a given one.
 */
final class Segments {
  static final Segments EMPTY = new Segments(new Segment[0]);

  private final Segment[] all;

  Segments(Segment[] all) {
    this.all = all;
  }

  int size() {
    return all.length;
  }

  boolean isEmpty() {
    return all.length == 0;
  }

  Segment get(int i) {
    return all[i];
  }

  Segment first() {
    return all.length == 0 ? null : all[0];
  }

  Segment last() {
    return all.length == 0 ? null : all[all.length - 1];
  }

  /** The segment with the largest base {@code <= line}, or null if every base is larger. */
  Segment floor(long line) {
    int lo = 0;
    int hi = all.length - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (all[mid].base <= line) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? null : all[found];
  }

  /** The segment following the one with base {@code base}, or null if it is the last. */
  Segment after(long base) {
    int lo = 0;
    int hi = all.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (all[mid].base <= base) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return lo < all.length ? all[lo] : null;
  }

  /** The segment with exactly this base, or null. */
  Segment withBase(long base) {
    Segment s = floor(base);
    return s != null && s.base == base ? s : null;
  }

  Segments plus(Segment s) {
    Segment[] a = Arrays.copyOf(all, all.length + 1);
    a[all.length] = s;
    return new Segments(a);
  }

  /** The segments from index {@code from} on. */
  Segments from(int from) {
    return new Segments(Arrays.copyOfRange(all, from, all.length));
  }
}
