package dev.linebase.store;

import dev.linebase.io.Durability;
import dev.linebase.jsonl.Codec;
import dev.linebase.jsonl.Records;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The settings of a {@link Store}, built with {@link Store#builder}. Defaults follow opslog
 * where it is safe and DESIGN.md where opslog is not:
 *
 * <pre>
 * checkpointThreshold   100     auto-checkpoint after this many ops (0 = never), in every mode;
 *                               single writers write it in the background (BackgroundCheckpoint)
 * checkpointOnClose     yes     checkpoint on close when there are ops (never in skip-load mode)
 * schemaVersion         1       with a {@link Migration} for older snapshots
 * readOnly              no      no lock, rejects mutations, follows a writer (refresh/tail/watch)
 * skipLoad              no      write-only: nothing loaded, reads are empty, no compaction
 * writeMode             IMMEDIATE
 * durability            SYNC    fsync before acknowledging (opslog never fsyncs: NONE)
 * groupSize             1024    max ops per group write; ASYNC flushes when this many are pending
 * groupWindowMillis     100     ASYNC flushes at least this often
 * agentId               none    multi-writer mode: own WAL per agent, Lamport clocks, no .lock
 * keepPrevious          1       superseded snapshots/WAL files kept after a checkpoint
 * maxRecordBytes        16 MiB  limit of one encoded document
 * </pre>
 *
 * Immutable and thread-safe once built.
 *
 * @param <T> the record type
 */
public final class StoreOptions<T> {
  final Path dir;
  final Codec<T> codec;
  final int checkpointThreshold;
  final boolean checkpointOnClose;
  final int schemaVersion;
  final Migration migration;
  final boolean readOnly;
  final boolean skipLoad;
  final WriteMode writeMode;
  final Durability durability;
  final int groupSize;
  final long groupWindowMillis;
  final String agentId;
  final int keepPrevious;
  final int maxRecordBytes;
  final StoreBackend backend;

  private StoreOptions(Builder<T> b) {
    this.dir = b.dir;
    this.backend = b.backend;
    this.codec = b.codec;
    this.checkpointThreshold = b.checkpointThreshold;
    this.checkpointOnClose = b.checkpointOnClose && !b.skipLoad;
    this.schemaVersion = b.schemaVersion;
    this.migration = b.migration;
    this.readOnly = b.readOnly;
    this.skipLoad = b.skipLoad;
    this.writeMode = b.writeMode;
    this.durability = b.durability;
    this.groupSize = b.groupSize;
    this.groupWindowMillis = b.groupWindowMillis;
    this.agentId = b.agentId;
    this.keepPrevious = b.keepPrevious;
    this.maxRecordBytes = b.maxRecordBytes;
  }

  boolean multiWriter() {
    return agentId != null;
  }

  /**
   * Collects the settings; {@link #open()} validates them in one place and opens the store.
   * Not thread-safe.
   *
   * @param <T> the record type
   */
  public static final class Builder<T> {
    private final Path dir;
    private final Codec<T> codec;
    private int checkpointThreshold = 100;
    private boolean checkpointOnClose = true;
    private int schemaVersion = 1;
    private Migration migration = Migration.none();
    private boolean readOnly;
    private boolean skipLoad;
    private WriteMode writeMode = WriteMode.IMMEDIATE;
    private Durability durability = Durability.SYNC;
    private int groupSize = 1024;
    private long groupWindowMillis = 100;
    private String agentId;
    private int keepPrevious = 1;
    private int maxRecordBytes = Records.DEFAULT_MAX_RECORD_BYTES;
    private StoreBackend backend = StoreBackend.fileSystem();

    Builder(Path dir, Codec<T> codec) {
      this.dir = Objects.requireNonNull(dir, "dir");
      this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** Auto-checkpoint after this many ops; 0 turns auto-checkpoints off. */
    public Builder<T> checkpointThreshold(int ops) {
      this.checkpointThreshold = ops;
      return this;
    }

    /** Do not checkpoint on close (the WAL is replayed on the next open). */
    public Builder<T> noCheckpointOnClose() {
      this.checkpointOnClose = false;
      return this;
    }

    /** Records are at schema {@code version}; older snapshots are upgraded by {@code migration}. */
    public Builder<T> schemaVersion(int version, Migration migration) {
      this.schemaVersion = version;
      this.migration = Objects.requireNonNull(migration, "migration");
      return this;
    }

    /**
     * Where the store's files live; the default is {@link StoreBackend#fileSystem()}. Other
     * backends (for example an in-memory one in tests) see the same paths under {@code dir}.
     */
    public Builder<T> backend(StoreBackend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    /** Opens without the lock and rejects mutations; the directory must hold a store. */
    public Builder<T> readOnly() {
      this.readOnly = true;
      return this;
    }

    /** Write-only: loads nothing, reads return empty, compaction is refused. */
    public Builder<T> skipLoad() {
      this.skipLoad = true;
      return this;
    }

    public Builder<T> writeMode(WriteMode mode) {
      this.writeMode = Objects.requireNonNull(mode, "writeMode");
      return this;
    }

    /** Whether acknowledged ops are forced: {@code NONE} or forcing ({@code SYNC}, group). */
    public Builder<T> durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    /** Max ops per group write; ASYNC flushes when this many ops are pending. */
    public Builder<T> groupSize(int ops) {
      this.groupSize = ops;
      return this;
    }

    /** ASYNC flush interval. */
    public Builder<T> groupWindowMillis(long millis) {
      this.groupWindowMillis = millis;
      return this;
    }

    /** Multi-writer mode as this agent. */
    public Builder<T> agentId(String agentId) {
      this.agentId = agentId;
      return this;
    }

    /** How many superseded snapshots (and their WAL files) to keep after a checkpoint. */
    public Builder<T> keepPrevious(int count) {
      this.keepPrevious = count;
      return this;
    }

    public Builder<T> maxRecordBytes(int bytes) {
      this.maxRecordBytes = bytes;
      return this;
    }

    StoreOptions<T> build() {
      if (checkpointThreshold < 0) {
        throw new IllegalArgumentException("checkpointThreshold < 0: " + checkpointThreshold);
      }
      if (schemaVersion < 1) {
        throw new IllegalArgumentException("schemaVersion < 1: " + schemaVersion);
      }
      if (groupSize <= 0) {
        throw new IllegalArgumentException("groupSize <= 0: " + groupSize);
      }
      if (groupWindowMillis <= 0) {
        throw new IllegalArgumentException("groupWindowMillis <= 0: " + groupWindowMillis);
      }
      if (keepPrevious < 0) {
        throw new IllegalArgumentException("keepPrevious < 0: " + keepPrevious);
      }
      Records.requireMaxRecordBytes(maxRecordBytes);
      if (agentId != null) {
        StoreFiles.checkName("agent id", agentId);
      }
      if (readOnly && skipLoad) {
        throw new IllegalArgumentException("readOnly and skipLoad together: a read-only store must load");
      }
      return new StoreOptions<>(this);
    }

    /** Validates the settings and opens the store. */
    public Store<T> open() throws IOException {
      return Store.open(build());
    }
  }
}
