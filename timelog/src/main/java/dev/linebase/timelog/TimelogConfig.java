package dev.linebase.timelog;

import dev.linebase.io.Durability;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Settings of a {@link Timelog}, validated when built. Immutable and thread-safe.
 *
 * <ul>
 *   <li>{@code timeUnit}: seconds, milliseconds, microseconds or nanoseconds; only used by
 *       {@link Timelog#append(Object)} to stamp the current time.
 *   <li>{@code memtableRecords}: records the mutable memtable holds before it is sealed into an
 *       immutable run.
 *   <li>{@code outOfOrderRecords}: the out-of-order budget: records older than the memtable's
 *       in-order tail that it buffers (sorted when sealed); a full buffer seals the memtable.
 *   <li>{@code sealedRunLimit} and {@code sealedRunWaitMillis}: how many sealed runs may wait for
 *       a flush before writes are signalled busy (see {@link BusyPolicy}), and how long
 *       {@link BusyPolicy#BLOCK} waits.
 *   <li>{@code segmentRecords}: target records per segment (and per primitive page span).
 *   <li>{@code windowSize} and {@code windowOrigin}: L1 segments never cross a boundary
 *       {@code windowOrigin + k * windowSize}.
 *   <li>{@code l0CompactionTrigger}: L0 segments that trigger a compaction into L1.
 *   <li>{@code maintenance}, {@code busyPolicy}.
 *   <li>{@code durability} and {@code walSegmentBytes}: the write-ahead log's policy and segment
 *       size, used by {@link Timelog#open}; WAL segments are deleted once flushed.
 * </ul>
 */
public final class TimelogConfig {
  private final TimeUnit timeUnit;
  private final int memtableRecords;
  private final int outOfOrderRecords;
  private final int sealedRunLimit;
  private final long sealedRunWaitMillis;
  private final int segmentRecords;
  private final long windowSize;
  private final long windowOrigin;
  private final int l0CompactionTrigger;
  private final MaintenanceMode maintenance;
  private final BusyPolicy busyPolicy;
  private final Durability durability;
  private final long walSegmentBytes;

  private TimelogConfig(Builder b) {
    this.timeUnit = b.timeUnit;
    this.memtableRecords = b.memtableRecords;
    this.outOfOrderRecords = b.outOfOrderRecords;
    this.sealedRunLimit = b.sealedRunLimit;
    this.sealedRunWaitMillis = b.sealedRunWaitMillis;
    this.segmentRecords = b.segmentRecords;
    this.windowSize = b.windowSize > 0 ? b.windowSize : b.timeUnit.convert(1, TimeUnit.HOURS);
    this.windowOrigin = b.windowOrigin;
    this.l0CompactionTrigger = b.l0CompactionTrigger;
    this.maintenance = b.maintenance;
    this.busyPolicy = b.busyPolicy;
    this.durability = b.durability;
    this.walSegmentBytes = b.walSegmentBytes;
  }

  /** Defaults: the same as {@link #forStreaming()}. */
  public static TimelogConfig defaults() {
    return builder().build();
  }

  /** Continuous ingestion with some disorder: 64 Ki memtable, 8 Ki out of order, raise if busy. */
  public static TimelogConfig forStreaming() {
    return builder().build();
  }

  /** Large batches: 256 Ki memtable, 64 Ki out-of-order, block when busy, 1 Mi-record segments. */
  public static TimelogConfig forBulkIngest() {
    return builder()
        .memtableRecords(256 * 1024)
        .outOfOrderRecords(64 * 1024)
        .sealedRunLimit(16)
        .segmentRecords(1024 * 1024)
        .busyPolicy(BusyPolicy.BLOCK)
        .build();
  }

  /** Short pauses: 16 Ki memtable (cheap seals), small segments, never signal busy. */
  public static TimelogConfig forLowLatency() {
    return builder()
        .memtableRecords(16 * 1024)
        .outOfOrderRecords(2 * 1024)
        .sealedRunLimit(32)
        .segmentRecords(64 * 1024)
        .busyPolicy(BusyPolicy.SILENT)
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.timeUnit = timeUnit;
    b.memtableRecords = memtableRecords;
    b.outOfOrderRecords = outOfOrderRecords;
    b.sealedRunLimit = sealedRunLimit;
    b.sealedRunWaitMillis = sealedRunWaitMillis;
    b.segmentRecords = segmentRecords;
    b.windowSize = windowSize;
    b.windowOrigin = windowOrigin;
    b.l0CompactionTrigger = l0CompactionTrigger;
    b.maintenance = maintenance;
    b.busyPolicy = busyPolicy;
    b.durability = durability;
    b.walSegmentBytes = walSegmentBytes;
    return b;
  }

  public TimeUnit timeUnit() {
    return timeUnit;
  }

  public int memtableRecords() {
    return memtableRecords;
  }

  public int outOfOrderRecords() {
    return outOfOrderRecords;
  }

  public int sealedRunLimit() {
    return sealedRunLimit;
  }

  public long sealedRunWaitMillis() {
    return sealedRunWaitMillis;
  }

  public int segmentRecords() {
    return segmentRecords;
  }

  public long windowSize() {
    return windowSize;
  }

  public long windowOrigin() {
    return windowOrigin;
  }

  public int l0CompactionTrigger() {
    return l0CompactionTrigger;
  }

  public MaintenanceMode maintenance() {
    return maintenance;
  }

  public BusyPolicy busyPolicy() {
    return busyPolicy;
  }

  public Durability durability() {
    return durability;
  }

  public long walSegmentBytes() {
    return walSegmentBytes;
  }

  /** The L1 window holding {@code ts}; overflow-free over the whole {@code long} range. */
  long windowOf(long ts) {
    long phase = Math.floorMod(windowOrigin, windowSize);
    long q = Math.floorDiv(ts, windowSize);
    return Math.floorMod(ts, windowSize) < phase ? q - 1 : q;
  }

  /** The last timestamp of the L1 window holding {@code ts} (saturating at Long.MAX_VALUE). */
  long windowLastTs(long ts) {
    long phase = Math.floorMod(windowOrigin, windowSize);
    long offset = Math.floorMod(Math.floorMod(ts, windowSize) - phase, windowSize);
    long toEnd = windowSize - 1 - offset;
    return ts > Long.MAX_VALUE - toEnd ? Long.MAX_VALUE : ts + toEnd;
  }

  @Override
  public String toString() {
    return "TimelogConfig{timeUnit=" + timeUnit + ", memtableRecords=" + memtableRecords
        + ", outOfOrderRecords=" + outOfOrderRecords + ", sealedRunLimit=" + sealedRunLimit
        + ", sealedRunWaitMillis=" + sealedRunWaitMillis + ", segmentRecords=" + segmentRecords
        + ", windowSize=" + windowSize + ", windowOrigin=" + windowOrigin
        + ", l0CompactionTrigger=" + l0CompactionTrigger + ", maintenance=" + maintenance
        + ", busyPolicy=" + busyPolicy + ", durability=" + durability
        + ", walSegmentBytes=" + walSegmentBytes + "}";
  }

  /** Builds a {@link TimelogConfig}; {@link #build()} checks every setting. Not thread-safe. */
  public static final class Builder {
    private TimeUnit timeUnit = TimeUnit.MILLISECONDS;
    private int memtableRecords = 64 * 1024;
    private int outOfOrderRecords = 8 * 1024;
    private int sealedRunLimit = 8;
    private long sealedRunWaitMillis = 1_000;
    private int segmentRecords = 256 * 1024;
    private long windowSize; // 0: one hour in timeUnit
    private long windowOrigin;
    private int l0CompactionTrigger = 4;
    private MaintenanceMode maintenance = MaintenanceMode.BACKGROUND;
    private BusyPolicy busyPolicy = BusyPolicy.RAISE;
    private Durability durability = Durability.GROUP;
    private long walSegmentBytes = 64L << 20;

    private Builder() {}

    public Builder timeUnit(TimeUnit unit) {
      this.timeUnit = Objects.requireNonNull(unit, "timeUnit");
      return this;
    }

    public Builder memtableRecords(int records) {
      this.memtableRecords = records;
      return this;
    }

    public Builder outOfOrderRecords(int records) {
      this.outOfOrderRecords = records;
      return this;
    }

    public Builder sealedRunLimit(int runs) {
      this.sealedRunLimit = runs;
      return this;
    }

    public Builder sealedRunWaitMillis(long millis) {
      this.sealedRunWaitMillis = millis;
      return this;
    }

    public Builder segmentRecords(int records) {
      this.segmentRecords = records;
      return this;
    }

    public Builder windowSize(long size) {
      this.windowSize = size;
      return this;
    }

    public Builder windowOrigin(long origin) {
      this.windowOrigin = origin;
      return this;
    }

    public Builder l0CompactionTrigger(int segments) {
      this.l0CompactionTrigger = segments;
      return this;
    }

    public Builder maintenance(MaintenanceMode mode) {
      this.maintenance = Objects.requireNonNull(mode, "maintenance");
      return this;
    }

    public Builder busyPolicy(BusyPolicy policy) {
      this.busyPolicy = Objects.requireNonNull(policy, "busyPolicy");
      return this;
    }

    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    public Builder walSegmentBytes(long bytes) {
      this.walSegmentBytes = bytes;
      return this;
    }

    public TimelogConfig build() {
      if (walSegmentBytes <= 0) {
        throw new IllegalArgumentException("walSegmentBytes <= 0: " + walSegmentBytes);
      }
      if (timeUnit != TimeUnit.SECONDS && timeUnit != TimeUnit.MILLISECONDS
          && timeUnit != TimeUnit.MICROSECONDS && timeUnit != TimeUnit.NANOSECONDS) {
        throw new IllegalArgumentException("timeUnit must be s, ms, us or ns: " + timeUnit);
      }
      if (memtableRecords <= 0) {
        throw new IllegalArgumentException("memtableRecords <= 0: " + memtableRecords);
      }
      if (outOfOrderRecords <= 0 || outOfOrderRecords > memtableRecords) {
        throw new IllegalArgumentException(
            "outOfOrderRecords not in [1, memtableRecords=" + memtableRecords + "]: "
                + outOfOrderRecords);
      }
      if (sealedRunLimit <= 0) {
        throw new IllegalArgumentException("sealedRunLimit <= 0: " + sealedRunLimit);
      }
      if (sealedRunWaitMillis < 0) {
        throw new IllegalArgumentException("sealedRunWaitMillis < 0: " + sealedRunWaitMillis);
      }
      if (segmentRecords <= 0) {
        throw new IllegalArgumentException("segmentRecords <= 0: " + segmentRecords);
      }
      if (windowSize < 0) {
        throw new IllegalArgumentException("windowSize < 0: " + windowSize);
      }
      if (l0CompactionTrigger <= 0) {
        throw new IllegalArgumentException("l0CompactionTrigger <= 0: " + l0CompactionTrigger);
      }
      return new TimelogConfig(this);
    }
  }
}
