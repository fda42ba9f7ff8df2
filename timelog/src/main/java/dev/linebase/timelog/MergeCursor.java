package dev.linebase.timelog;

import java.nio.LongBuffer;

/**
 * The k-way merge of a read: merges source cursors by (timestamp, sequence number), so records
 * with equal timestamps come out in insertion order, and skips records hidden by tombstones.
 *
 * <p>Instead of comparing every record with every source, it keeps one <em>active</em> source
 * and the smallest head of the others (the bound) and takes records from the active source
 * while they sort before the bound; non-overlapping sources thus cost one comparison per
 * record. Not thread-safe; it reads only immutable arrays, so it stays valid while the timelog
 * changes.
 *
 * @param <V> the value type
 */
final class MergeCursor<V> implements TimelogCursor<V> {
  private final RunCursor[] sources;
  private int k;
  private final TombstoneSet tombstones;
  private int piece;
  private long pieceLo;
  private long pieceHi;
  private long pieceThreshold;
  private boolean noMorePieces;

  private int active = -1;
  private long boundTs;
  private long boundSeq;

  private long currentTs;
  private long currentSeq;
  private Object currentValue;
  private boolean positioned;

  MergeCursor(RunCursor[] sources, TombstoneSet tombstones, long lo) {
    this.sources = sources;
    this.k = sources.length;
    this.tombstones = tombstones;
    this.piece = tombstones.firstEndingAtOrAfter(lo) - 1;
    nextPiece();
  }

  private void nextPiece() {
    piece++;
    if (piece >= tombstones.size()) {
      noMorePieces = true;
      return;
    }
    pieceLo = tombstones.lo(piece);
    pieceHi = tombstones.hi(piece);
    pieceThreshold = tombstones.threshold(piece);
  }

  /** Hidden test for records arriving in non-decreasing timestamp order. */
  private boolean hidden(long t, long s) {
    if (noMorePieces || t < pieceLo) {
      return false;
    }
    while (t > pieceHi) {
      nextPiece();
      if (noMorePieces || t < pieceLo) {
        return false;
      }
    }
    return s < pieceThreshold;
  }

  /** Picks the source with the smallest head and computes the bound from the others. */
  private boolean select() {
    int best = -1;
    long bt = 0;
    long bs = 0;
    long secondTs = Long.MAX_VALUE;
    long secondSeq = Long.MAX_VALUE;
    for (int i = 0; i < k; ) {
      RunCursor c = sources[i];
      if (!c.ready()) {
        sources[i] = sources[--k];
        sources[k] = null;
        continue;
      }
      long t = c.ts[c.pos];
      long s = c.seq[c.pos];
      if (best < 0 || Runs.before(t, s, bt, bs)) {
        if (best >= 0) {
          secondTs = bt;
          secondSeq = bs;
        }
        best = i;
        bt = t;
        bs = s;
      } else if (Runs.before(t, s, secondTs, secondSeq)) {
        secondTs = t;
        secondSeq = s;
      }
      i++;
    }
    if (best < 0) {
      return false;
    }
    active = best;
    boundTs = secondTs;
    boundSeq = secondSeq;
    return true;
  }

  @Override
  public boolean next() {
    while (true) {
      if (active < 0 && !select()) {
        positioned = false;
        return false;
      }
      RunCursor a = sources[active];
      if (a.pos >= a.end && !a.ready()) {
        active = -1;
        continue;
      }
      int p = a.pos;
      long t = a.ts[p];
      long s = a.seq[p];
      if (k > 1 && !Runs.before(t, s, boundTs, boundSeq)) {
        active = -1;
        continue;
      }
      a.pos = p + 1;
      if (hidden(t, s)) {
        continue;
      }
      currentTs = t;
      currentSeq = s;
      currentValue = a.values[p];
      positioned = true;
      return true;
    }
  }

  @Override
  public long timestamp() {
    requirePositioned();
    return currentTs;
  }

  /** Sequence number of the current record (maintenance and validation). */
  long seq() {
    return currentSeq;
  }

  /** Value of the current record, untyped (maintenance). */
  Object rawValue() {
    return currentValue;
  }

  @Override
  @SuppressWarnings("unchecked")
  public V value() {
    requirePositioned();
    return (V) currentValue;
  }

  private void requirePositioned() {
    if (!positioned) {
      throw new IllegalStateException("cursor is not on a record (call next() first)");
    }
  }

  /**
   * The next maximal stretch of visible timestamps that lie contiguously in one source's array,
   * as a read-only view of that array (no copy), or null at the end. Do not mix with
   * {@link #next()} on the same cursor.
   */
  LongBuffer nextSpan() {
    while (true) {
      if (active < 0 && !select()) {
        return null;
      }
      RunCursor a = sources[active];
      if (a.pos >= a.end && !a.ready()) {
        active = -1;
        continue;
      }
      int start = a.pos;
      int limit = a.end;
      if (k > 1) {
        limit = beforeBound(a, start, limit);
        if (limit == start) {
          active = -1;
          continue;
        }
      }
      long t0 = a.ts[start];
      if (!noMorePieces) {
        while (!noMorePieces && pieceHi < t0) {
          nextPiece();
        }
      }
      if (!noMorePieces && pieceLo <= a.ts[limit - 1]) {
        if (pieceLo > t0) {
          limit = Run.lowerBound(a.ts, start, limit, pieceLo);
        } else if (pieceThreshold < a.filteredBelow()) {
          // Already applied to this run: nothing in it is hidden by this piece.
          limit = Math.min(limit, Run.upperBound(a.ts, start, limit, pieceHi));
        } else if (a.seq[start] < pieceThreshold) {
          a.pos = start + 1;
          continue;
        } else {
          int j = start + 1;
          while (j < limit && a.ts[j] <= pieceHi && a.seq[j] >= pieceThreshold) {
            j++;
          }
          limit = j;
        }
      }
      a.pos = limit;
      return LongBuffer.wrap(a.ts, start, limit - start).slice().asReadOnlyBuffer();
    }
  }

  /** First index in [from, to) of a record that does not sort before the bound. */
  private int beforeBound(RunCursor a, int from, int to) {
    int i = Run.lowerBound(a.ts, from, to, boundTs);
    while (i < to && a.ts[i] == boundTs && a.seq[i] < boundSeq) {
      i++;
    }
    return i;
  }
}
