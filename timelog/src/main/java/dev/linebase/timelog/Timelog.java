package dev.linebase.timelog;

import dev.linebase.jsonl.Codec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A time-indexed multimap from {@code long} timestamps to values: "everything in
 * {@code [t1, t2)}", fast, while writes keep arriving (some out of order) and old data is
 * deleted.
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li>Duplicate timestamps are allowed; records with equal timestamps come back in insertion
 *       order, across flushes and compactions. Every {@code long} is a timestamp.
 *   <li>Deletes are sequenced tombstones: a delete hides the records written before it, never
 *       after it (insert at 10, delete {@code [5, 15)}, insert at 10 again: the second record is
 *       visible). Overlapping tombstones coalesce. {@link #deleteBefore(long)} is a delete of
 *       everything older than its cutoff, with the same semantics.
 *   <li>Reads see a consistent snapshot; {@link #snapshot()} keeps one for as long as needed.
 *   <li>Backpressure: see {@link BusyPolicy} and {@link TimelogBusyException}: a busy write is
 *       always stored. A batch that fails for any other reason (bad arguments, a value the codec
 *       rejects, a WAL failure before anything reached memory) stores nothing.
 * </ul>
 *
 * <h2>Engine</h2>
 *
 * Memtable (in-order primitive arrays plus an out-of-order buffer) → sealed immutable runs → L0
 * segments (may overlap) → L1 segments (non-overlapping, within time windows). Reads plan their
 * sources and k-way merge them, filtering tombstones by sequence number. Maintenance
 * ({@link MaintenanceMode}) flushes and compacts, bounding read fan-out; compaction drops
 * records hidden by tombstones and calls the {@link DropListener}.
 *
 * <h2>Durability</h2>
 *
 * {@link #open(Path, TimelogConfig, Codec)} backs the same API with a directory: every write and
 * delete goes first to a JSONL write-ahead log under the configured
 * {@link dev.linebase.io.Durability}; flushed segments become immutable files and a manifest
 * names them; on open the segments load and the log's tail replays, so after {@code kill -9}
 * every acknowledged write is present and every acknowledged delete still hides its records.
 * Layout: {@code manifest.json}, {@code segments/NNNNNNNNNNNNNNNNNNNN.seg} (format in
 * {@code SegmentFile}), {@code wal/} (a JSONL {@link dev.linebase.log.SegmentedLog}; line format
 * in {@code TimelogWal}), {@code .lock}. WAL segments are deleted once their records are in
 * segment files. The codec must encode values as JSON ({@link Codec#json}, {@link Codec#tree}).
 * A write whose WAL append fails throws {@link IOException} and is not applied in memory.
 * {@link #openReadOnly} loads a copy for reading without the lock, beside a live writer.
 *
 * <h2>Thread-safety</h2>
 *
 * <b>One writer</b>: the write methods ({@code append*}, {@code delete*}, {@link #flush()},
 * {@link #compact()}, {@link #maintenanceStep()}, {@link #startMaintenance()},
 * {@link #stopMaintenance()}, {@link #close()}) must be externally serialized (one thread, or a
 * lock of the caller's). Any number of threads may read concurrently with the writer and with
 * maintenance; reads never block writes.
 *
 * @param <V> the value type
 */
public final class Timelog<V> extends ViewReads<V> implements AutoCloseable {
  private final Engine engine;
  private final WriteAheadLog wal;
  private final AutoCloseable resources;
  private final Access access;
  private volatile boolean closed;

  /** Whether a timelog accepts writes ({@link #openReadOnly} makes one that does not). */
  enum Access {
    READ_WRITE,
    READ_ONLY
  }

  Timelog(Engine engine, WriteAheadLog wal, AutoCloseable resources) {
    this(engine, wal, resources, Access.READ_WRITE);
  }

  Timelog(Engine engine, WriteAheadLog wal, AutoCloseable resources, Access access) {
    this.engine = engine;
    this.wal = wal;
    this.resources = resources;
    this.access = access;
    if (access == Access.READ_WRITE
        && engine.config().maintenance() == MaintenanceMode.BACKGROUND) {
      engine.startMaintenance();
    }
  }

  /** An in-memory timelog with {@link TimelogConfig#defaults()}. */
  public static <V> Timelog<V> inMemory() {
    return inMemory(TimelogConfig.defaults());
  }

  /** An in-memory timelog. */
  public static <V> Timelog<V> inMemory(TimelogConfig config) {
    return inMemory(config, DropListener.none());
  }

  /** An in-memory timelog whose maintenance reports removed hidden records to {@code onDrop}. */
  public static <V> Timelog<V> inMemory(TimelogConfig config, DropListener<? super V> onDrop) {
    Objects.requireNonNull(config, "config");
    Engine engine = new Engine(config, untyped(onDrop), Engine.Store.NONE, 0, List.of(),
        List.of(), TombstoneSet.EMPTY, 0);
    return new Timelog<>(engine, null, null);
  }

  /**
   * Opens (creating if needed) a durable timelog in {@code dir}: loads its segments, replays the
   * write-ahead log's tail, and takes the directory's writer lock.
   *
   * @throws dev.linebase.io.FileLock.LockedException if another writer has it open
   * @throws dev.linebase.io.CorruptFileException if a segment file or the manifest is damaged
   */
  public static <V> Timelog<V> open(Path dir, TimelogConfig config, Codec<V> codec)
      throws IOException {
    return open(dir, config, codec, DropListener.none());
  }

  /**
   * Opens a durable timelog for reading only: loads the segments its manifest names and replays
   * its write-ahead log into memory, up to the last complete line the files hold now. Takes no
   * lock, so it works while a writer (in this process or another) has the directory open, and
   * sees that writer's appends up to this moment (never later ones: it is a frozen copy). It
   * creates, writes and deletes nothing and never runs maintenance; the write methods
   * ({@code append*}, {@code delete*}, {@link #flush()}, {@link #compact()},
   * {@link #maintenanceStep()}, {@link #startMaintenance()}) throw
   * {@link IllegalStateException}. {@code config} sizes the in-memory structures only.
   *
   * @throws java.nio.file.NoSuchFileException if {@code dir} does not exist
   * @throws dev.linebase.io.CorruptFileException if a segment file, the manifest or the
   *     write-ahead log is damaged
   */
  public static <V> Timelog<V> openReadOnly(Path dir, TimelogConfig config, Codec<V> codec)
      throws IOException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(codec, "codec");
    return TimelogDir.openReadOnly(dir, config, codec);
  }

  /** {@link #open(Path, TimelogConfig, Codec)} with a drop listener. */
  public static <V> Timelog<V> open(Path dir, TimelogConfig config, Codec<V> codec,
      DropListener<? super V> onDrop) throws IOException {
    return TimelogDir.open(dir, config, codec, untyped(onDrop));
  }

  @SuppressWarnings("unchecked")
  private static DropListener<Object> untyped(DropListener<?> onDrop) {
    Objects.requireNonNull(onDrop, "onDrop");
    return (DropListener<Object>) onDrop;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("timelog is closed");
    }
  }

  private void checkWritable() {
    checkOpen();
    if (access == Access.READ_ONLY) {
      throw new IllegalStateException("timelog was opened read-only");
    }
    engine.checkHealthy();
  }

  // ------------------------------------------------------------------ writes

  /** Appends {@code value} at the current time in the configured time unit. */
  public void append(V value) throws IOException {
    append(now(engine.config()), value);
  }

  static long now(TimelogConfig config) {
    switch (config.timeUnit()) {
      case SECONDS:
        return Instant.now().getEpochSecond();
      case MILLISECONDS:
        return System.currentTimeMillis();
      case MICROSECONDS: {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
      }
      default: {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
      }
    }
  }

  /**
   * Appends one record.
   *
   * @throws TimelogBusyException after storing the record, if sealed runs pile up and the busy
   *     policy is {@link BusyPolicy#RAISE} (do not retry)
   */
  public void append(long timestamp, V value) throws IOException {
    Objects.requireNonNull(value, "value");
    checkWritable();
    if (wal != null) {
      wal.logRecords(new long[] {timestamp}, new Object[] {value}, 1, engine.nextSeq());
    }
    boolean busy = engine.add(timestamp, value);
    engine.publish();
    if (busy) {
      throw busy();
    }
  }

  /** {@link #appendAll(long[], List, BatchOrder)} with {@link BatchOrder#MOSTLY_ORDERED}. */
  public void appendAll(long[] timestamps, List<? extends V> values) throws IOException {
    appendAll(timestamps, values, BatchOrder.MOSTLY_ORDERED);
  }

  /**
   * Appends {@code timestamps[i] -> values.get(i)} for every i; the batch becomes visible to
   * readers at once. If arguments are invalid (lengths differ, a null value, a value the codec
   * rejects) nothing is stored.
   *
   * @throws TimelogBusyException after storing the whole batch, if the busy policy raises
   */
  public void appendAll(long[] timestamps, List<? extends V> values, BatchOrder order)
      throws IOException {
    Objects.requireNonNull(timestamps, "timestamps");
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(order, "order");
    checkWritable();
    int n = timestamps.length;
    if (values.size() != n) {
      throw new IllegalArgumentException(
          "timestamps.length " + n + " != values.size() " + values.size());
    }
    long[] ts = timestamps;
    Object[] vs = new Object[n];
    if (values instanceof RandomAccess) {
      for (int i = 0; i < n; i++) {
        vs[i] = values.get(i);
      }
    } else {
      int i = 0;
      for (V v : values) {
        vs[i++] = v;
      }
    }
    for (int i = 0; i < n; i++) {
      if (vs[i] == null) {
        throw new NullPointerException("values.get(" + i + ") is null");
      }
    }
    if (order == BatchOrder.UNORDERED && !Sorting.isSorted(ts, n)) {
      int[] perm = Sorting.stableOrder(ts, n);
      long[] sortedTs = new long[n];
      Object[] sortedVs = new Object[n];
      for (int i = 0; i < n; i++) {
        sortedTs[i] = ts[perm[i]];
        sortedVs[i] = vs[perm[i]];
      }
      ts = sortedTs;
      vs = sortedVs;
    }
    if (wal != null) {
      wal.logRecords(ts, vs, n, engine.nextSeq());
    }
    boolean busy = false;
    for (int i = 0; i < n; i++) {
      busy |= engine.add(ts[i], vs[i]);
    }
    engine.publish();
    if (busy) {
      throw busy();
    }
  }

  private TimelogBusyException busy() {
    return new TimelogBusyException("timelog busy: " + engine.version().sealed().size()
        + " sealed runs wait for maintenance (limit " + engine.config().sealedRunLimit()
        + "); the write was stored, do not retry it");
  }

  /** Deletes every record at {@code timestamp} written so far. */
  public void delete(long timestamp) throws IOException {
    deleteInclusive(timestamp, timestamp);
  }

  /**
   * Deletes every record in {@code [t1, t2)} written so far; records written later are not
   * affected.
   *
   * @throws IllegalArgumentException if {@code t1 >= t2}
   */
  public void delete(long t1, long t2) throws IOException {
    if (t1 >= t2) {
      throw new IllegalArgumentException("delete range is empty: t1 " + t1 + " >= t2 " + t2);
    }
    deleteInclusive(t1, t2 - 1);
  }

  /** Cutoff: deletes every record older than {@code timestamp} written so far. */
  public void deleteBefore(long timestamp) throws IOException {
    if (timestamp == Long.MIN_VALUE) {
      checkWritable();
      return;
    }
    deleteInclusive(Long.MIN_VALUE, timestamp - 1);
  }

  private void deleteInclusive(long lo, long hi) throws IOException {
    checkWritable();
    if (wal != null) {
      wal.logDelete(lo, hi, engine.nextSeq());
    }
    engine.delete(lo, hi);
  }

  // ------------------------------------------------------------- maintenance

  /** Seals the memtable and flushes every sealed run to an L0 segment. */
  public void flush() throws IOException {
    checkWritable();
    engine.flush();
  }

  /**
   * {@link #flush()}, then compacts all L0 segments (and the L1 segments they or pending
   * tombstones touch) into L1, physically dropping hidden records.
   */
  public void compact() throws IOException {
    checkWritable();
    engine.compact();
  }

  /** Runs one unit of maintenance (a flush or a compaction); false if there was nothing to do. */
  public boolean maintenanceStep() throws IOException {
    checkWritable();
    return engine.maintenanceStep();
  }

  /** Starts the background maintenance thread (no-op if running). */
  public void startMaintenance() {
    checkWritable();
    engine.startMaintenance();
  }

  /** Stops the background maintenance thread, waiting for its current step (no-op if stopped). */
  public void stopMaintenance() {
    engine.stopMaintenance();
  }

  // ------------------------------------------------------------------- reads

  /** A consistent snapshot for repeated reads; see {@link TimelogSnapshot}. */
  public TimelogSnapshot<V> snapshot() {
    checkOpen();
    return new TimelogSnapshot<>(engine.view());
  }

  @Override
  ReadView view() {
    checkOpen();
    return engine.view();
  }

  /** Counters and sizes now. */
  public TimelogStats stats() {
    return engine.stats();
  }

  /** The settings. */
  public TimelogConfig config() {
    return engine.config();
  }

  /**
   * Checks every invariant (sort order of every run and segment, L1 non-overlap and windows,
   * tombstone coalescing).
   *
   * @throws IllegalStateException naming the first broken invariant
   */
  public void validate() {
    checkOpen();
    engine.validate();
  }

  /**
   * Stops maintenance and releases files (a durable timelog keeps its unflushed records in the
   * write-ahead log; they replay on the next open). Idempotent. Open snapshots stay readable.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    engine.stopMaintenance();
    if (resources != null) {
      try {
        resources.close();
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
  }
}
