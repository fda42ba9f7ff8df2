package dev.linebase.timelog;

/**
 * The mutable write buffer: an in-order fast path (records whose timestamp is at least the last
 * in-order one are appended to primitive arrays) and an out-of-order buffer (sorted when the
 * memtable is sealed or a reader needs it).
 *
 * <p>One writer thread calls {@link #add} and {@link #publish}; readers only see the published
 * prefix through {@link #inOrderView(int)} and {@link #outOfOrderView(int)}. Arrays are allocated
 * at full capacity and never replaced, and no slot below a published count is written again, so
 * a frozen prefix stays valid forever. Publication is a volatile write of the counts after the
 * slots are written (happens-before for readers that read the counts first).
 */
final class Memtable {
  private final long[] ts;
  private final long[] seq;
  private final Object[] values;
  private final long[] oooTs;
  private final long[] oooSeq;
  private final Object[] oooValues;
  private final int capacity;
  /**
   * The writer's next sequence number when this memtable was created: nothing older than it is
   * in the memtable, so a durable timelog replays its write-ahead log from this line (sequence
   * numbers are WAL line numbers).
   */
  final long startSeq;

  private int count;
  private int oooCount;
  private long lastTs = Long.MIN_VALUE;
  private volatile int publishedCount;
  private volatile int publishedOooCount;
  private volatile Run cachedOooView;

  Memtable(int capacity, int outOfOrderCapacity, long startSeq) {
    this.capacity = capacity;
    this.ts = new long[capacity];
    this.seq = new long[capacity];
    this.values = new Object[capacity];
    this.oooTs = new long[outOfOrderCapacity];
    this.oooSeq = new long[outOfOrderCapacity];
    this.oooValues = new Object[outOfOrderCapacity];
    this.startSeq = startSeq;
  }

  /** True when the memtable must be sealed: full, or its out-of-order buffer is full. */
  boolean isFull() {
    return count + oooCount >= capacity || oooCount == oooTs.length;
  }

  /** Writer only: stores a record (never when {@link #isFull()}); invisible until published. */
  void add(long t, long s, Object v) {
    if (count == 0 || t >= lastTs) {
      int c = count;
      ts[c] = t;
      seq[c] = s;
      values[c] = v;
      count = c + 1;
      lastTs = t;
    } else {
      int c = oooCount;
      oooTs[c] = t;
      oooSeq[c] = s;
      oooValues[c] = v;
      oooCount = c + 1;
    }
  }

  /** Writer only: makes every added record visible to later {@link #inOrderCount()} readers. */
  void publish() {
    if (publishedOooCount != oooCount) {
      publishedOooCount = oooCount;
    }
    publishedCount = count;
  }

  int size() {
    return count + oooCount;
  }

  boolean isEmpty() {
    return count + oooCount == 0;
  }

  int inOrderCount() {
    return publishedCount;
  }

  int outOfOrderCount() {
    return publishedOooCount;
  }

  /** Lowest sequence number held, or {@link Long#MAX_VALUE} when empty (published state). */
  long minSeq() {
    int c = publishedCount;
    int o = publishedOooCount;
    long min = Long.MAX_VALUE;
    if (c > 0) {
      min = seq[0];
    }
    if (o > 0 && oooSeq[0] < min) {
      min = oooSeq[0];
    }
    return min;
  }

  /** The in-order prefix of {@code n} published records as a run (no copy). */
  Run inOrderView(int n) {
    long min = n == 0 ? Long.MAX_VALUE : seq[0];
    long max = n == 0 ? Long.MIN_VALUE : seq[n - 1];
    return new Run(ts, seq, values, n, min, max, Long.MIN_VALUE);
  }

  /** The first {@code n} published out-of-order records, sorted into a run (cached). */
  Run outOfOrderView(int n) {
    Run cached = cachedOooView;
    if (cached != null && cached.size == n) {
      return cached;
    }
    Run run = sortedOutOfOrder(n);
    cachedOooView = run;
    return run;
  }

  private Run sortedOutOfOrder(int n) {
    int[] order = Sorting.stableOrder(oooTs, n);
    long[] t = new long[n];
    long[] s = new long[n];
    Object[] v = new Object[n];
    for (int i = 0; i < n; i++) {
      int j = order[i];
      t[i] = oooTs[j];
      s[i] = oooSeq[j];
      v[i] = oooValues[j];
    }
    long min = n == 0 ? Long.MAX_VALUE : oooSeq[0];
    long max = n == 0 ? Long.MIN_VALUE : oooSeq[n - 1];
    return new Run(t, s, v, n, min, max, Long.MIN_VALUE);
  }

  /** Writer only: the whole content as one sorted run. The memtable is not used afterwards. */
  Run seal() {
    publish();
    Run inOrder = inOrderView(count);
    if (oooCount == 0) {
      if (count < capacity / 2) {
        return Runs.copyOf(inOrder);
      }
      return inOrder;
    }
    return Runs.merge2(inOrder, outOfOrderView(oooCount));
  }
}
