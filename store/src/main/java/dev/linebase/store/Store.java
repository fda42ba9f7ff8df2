package dev.linebase.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Codec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An event-sourced document store on a directory in the {@code @backloghq/opslog} 0.8.x layout:
 * a map from string ids to JSON documents, kept as a snapshot plus an append-only log of
 * operations, with history, undo, checkpoints, archives, followers and multi-writer agents. A
 * directory written by either library opens in the other; the file formats are specified in
 * {@link Manifest}, {@code SnapshotFile}, {@code OpLine}, {@code WalFile}, {@code ArchiveFile},
 * {@code StoreLock} and {@code StoreFiles}.
 *
 * <pre>{@code
 * try (Store<Task> tasks = Store.builder(dir, Task.class).writeMode(WriteMode.GROUP).open()) {
 *   tasks.set("t1", new Task("write docs"));
 *   tasks.batch(b -> { b.set("t2", t2); b.delete("t1"); });
 *   tasks.undo();
 * }
 * }</pre>
 *
 * <p>Checkpoints: {@link #compact()} checkpoints synchronously; automatic checkpoints (every
 * {@code checkpointThreshold} ops) of a single writer write the snapshot on a background thread
 * while writes continue, and superseded snapshots and WAL files are deleted afterwards (keeping
 * {@code keepPrevious}). {@link #close()} waits for a running one. A background checkpoint that
 * fails leaves the store on its previous files (nothing is lost) and is reported once: the next
 * {@link #set}, {@link #delete}, {@link #batch}, {@link #compact()}, {@link #flush()} or
 * {@link #close()} throws an {@link IOException} naming the snapshot it was writing (a mutating
 * call that throws it has not applied its op); the checkpoint is retried at the next threshold.
 *
 * <p>Durability: by default ({@link WriteMode#IMMEDIATE}, {@code Durability.SYNC}) a mutating call
 * returns after its op is written and forced: an acknowledged write survives a power loss. See
 * {@link WriteMode} for GROUP and ASYNC. Each document is held in memory as its compact JSON bytes
 * and decoded through the record type's {@link Codec} on every read, so callers never share
 * mutable state with the store.
 *
 * <p>Errors: {@link IllegalStateException} when the store is closed, read-only (for mutations),
 * or in skip-load mode (for compaction); {@code FileLock.LockedException} naming the PID when
 * another live process holds the store; {@link java.nio.file.NoSuchFileException} for a
 * read-only open of a directory without a store and for a snapshot named by the manifest that
 * does not exist; {@link dev.linebase.io.CorruptFileException} for an invalid manifest, snapshot,
 * op or archive; {@link IllegalArgumentException} for a missing id on delete, an empty id, a
 * value that is not JSON-mappable or a period or agent id that would escape the directory.
 *
 * <p>This class is thread-safe: reads never block; mutations are serialized (GROUP lets their
 * writes and fsyncs overlap). In GROUP and ASYNC modes a read may see a write that has not yet
 * been acknowledged to its caller.
 *
 * @param <T> the record type
 */
public final class Store<T> implements AutoCloseable {
  private final StoreCore core;
  private final Codec<T> codec;

  private Store(StoreCore core, Codec<T> codec) {
    this.core = core;
    this.codec = codec;
  }

  /** Settings for a store of {@code type} documents, mapped by Jackson. */
  public static <T> StoreOptions.Builder<T> builder(Path dir, Class<T> type) {
    return new StoreOptions.Builder<>(dir, Codec.json(type));
  }

  /** Settings for a store of documents encoded by {@code codec}. */
  public static <T> StoreOptions.Builder<T> builder(Path dir, Codec<T> codec) {
    return new StoreOptions.Builder<>(dir, codec);
  }

  /** Opens (creating if needed) a store of JSON trees with default settings. */
  public static Store<JsonNode> open(Path dir) throws IOException {
    return builder(dir, Codec.tree()).open();
  }

  static <T> Store<T> open(StoreOptions<T> options) throws IOException {
    StoreCore core = StoreCore.open(options);
    if (options.writeMode == WriteMode.ASYNC && !options.readOnly) {
      core.background = Executors.newSingleThreadScheduledExecutor(daemon("linebase-store-flush"));
      core.background.scheduleWithFixedDelay(core::backgroundFlush, options.groupWindowMillis,
          options.groupWindowMillis, TimeUnit.MILLISECONDS);
    }
    return new Store<>(core, options.codec);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** The store directory. */
  public Path dir() {
    return core.dir;
  }

  // ---- documents ----

  /** The document with {@code id}, or null. */
  public T get(String id) {
    core.ensureOpen();
    byte[] b = core.records.get(id);
    return b == null ? null : decode(b);
  }

  public boolean has(String id) {
    core.ensureOpen();
    return core.records.containsKey(id);
  }

  /** Creates or replaces the document {@code id}; returns when acknowledged per write mode. */
  public void set(String id, T value) throws IOException {
    byte[] data = codec.encode(value);
    core.commitSet(id, data);
  }

  /**
   * GROUP mode: creates or replaces the document {@code id} without waiting. The document is
   * visible to reads at once; the returned future completes once the op is written and, when the
   * durability policy forces, forced, by the same group commit as blocking calls (a background
   * thread leads the write; many outstanding {@code setAsync} calls share one write and one fsync).
   * It fails with an {@link IOException} when the write fails (the store must then be reopened) or
   * a background checkpoint failed earlier (see the class comment). Futures complete on the thread
   * that wrote the group: chain heavy work with {@code thenApplyAsync}.
   *
   * @throws IllegalStateException if the store is not in {@link WriteMode#GROUP}, is closed or
   *     read-only
   */
  public java.util.concurrent.CompletableFuture<Void> setAsync(String id, T value) {
    byte[] data = codec.encode(value);
    return core.commitAsync(out -> out.add(core.makeSet(id, data)));
  }

  /**
   * Deletes the document {@code id}.
   *
   * @throws IllegalArgumentException if there is none
   */
  public void delete(String id) throws IOException {
    core.commit(out -> out.add(core.makeDelete(id)));
  }

  /** Every document (in no particular order). */
  public List<T> all() {
    core.ensureOpen();
    List<T> out = new ArrayList<>(core.records.size());
    for (byte[] b : core.records.values()) {
      out.add(decode(b));
    }
    return out;
  }

  /** Every (id, document) pair (in no particular order). */
  public List<Map.Entry<String, T>> entries() {
    core.ensureOpen();
    List<Map.Entry<String, T>> out = new ArrayList<>(core.records.size());
    core.records.forEach((id, b) -> out.add(new AbstractMap.SimpleImmutableEntry<>(id, decode(b))));
    return out;
  }

  /** The documents for which {@code predicate(id, document)} holds. */
  public List<T> filter(BiPredicate<String, T> predicate) {
    core.ensureOpen();
    List<T> out = new ArrayList<>();
    core.records.forEach((id, b) -> {
      T v = decode(b);
      if (predicate.test(id, v)) {
        out.add(v);
      }
    });
    return out;
  }

  /** Number of documents. */
  public int count() {
    core.ensureOpen();
    return core.records.size();
  }

  /** Number of documents for which {@code predicate(id, document)} holds. */
  public int count(BiPredicate<String, T> predicate) {
    core.ensureOpen();
    int[] n = {0};
    core.records.forEach((id, b) -> {
      if (predicate.test(id, decode(b))) {
        n[0]++;
      }
    });
    return n[0];
  }

  /**
   * Runs {@code fn} as one batch: its sets and deletes apply to memory as they happen and are
   * appended together in one write. If {@code fn} throws, memory is rolled back, nothing is
   * written, and the exception propagates.
   */
  public void batch(Consumer<Batch<T>> fn) throws IOException {
    Objects.requireNonNull(fn, "fn");
    core.commit(out -> fn.accept(new Batch<T>() {
      @Override
      public void set(String id, T value) {
        out.add(core.makeSet(id, codec.encode(value)));
      }

      @Override
      public void delete(String id) {
        out.add(core.makeDelete(id));
      }
    }));
  }

  /**
   * Reverts the last operation (in multi-writer mode: this agent's last operation) in memory and
   * removes its line from the WAL. Returns false when there is nothing to undo since the last
   * checkpoint.
   */
  public boolean undo() throws IOException {
    return core.undo();
  }

  /** The operations on {@code id} since the last checkpoint, oldest first. */
  public List<Operation> history(String id) {
    List<Operation> out = new ArrayList<>();
    core.writeLock.lock();
    try {
      core.ensureOpen();
      for (WalFile.Entry e : core.ops) {
        if (e.op().id.equals(id)) {
          out.add(e.op().toOperation());
        }
      }
    } finally {
      core.writeLock.unlock();
    }
    return out;
  }

  /** The operations since the last checkpoint with {@code ts} after {@code since} (null: all). */
  public List<Operation> ops(String since) {
    List<Operation> out = new ArrayList<>();
    core.writeLock.lock();
    try {
      core.ensureOpen();
      for (WalFile.Entry e : core.ops) {
        if (since == null || e.op().ts.compareTo(since) > 0) {
          out.add(e.op().toOperation());
        }
      }
    } finally {
      core.writeLock.unlock();
    }
    return out;
  }

  // ---- maintenance ----

  /** Writes a checkpoint: a new snapshot and an empty WAL, then deletes superseded files. */
  public void compact() throws IOException {
    core.writeLock.lock();
    try {
      core.ensureWritable();
      core.throwCheckpointFailure();
      Checkpoints.checkpoint(core);
    } finally {
      core.writeLock.unlock();
    }
  }

  /** Archives matching documents into the current quarter's segment ({@code 2026-Q4}). */
  public int archive(BiPredicate<String, T> predicate) throws IOException {
    return archive(predicate, ArchiveFile.defaultPeriod(LocalDate.now()));
  }

  /**
   * Moves the documents for which {@code predicate(id, document)} holds into
   * {@code archive/archive-<period>.json} and checkpoints. Returns how many were archived.
   *
   * @throws IllegalArgumentException if {@code period} would escape the archive directory
   */
  public int archive(BiPredicate<String, T> predicate, String period) throws IOException {
    StoreFiles.checkName("archive period", period);
    core.writeLock.lock();
    try {
      core.ensureWritable();
      if (core.opt.skipLoad) {
        throw new IllegalStateException("cannot archive in skip-load mode: the in-memory map is incomplete");
      }
      core.committer.drain();
      Map<String, byte[]> chosen = new LinkedHashMap<>();
      core.records.forEach((id, b) -> {
        if (predicate.test(id, decode(b))) {
          chosen.put(id, b);
        }
      });
      if (chosen.isEmpty()) {
        return 0;
      }
      String rel = ArchiveFile.write(core.backend, core.dir, period, chosen);
      Manifest m = core.manifest;
      List<String> segments = new ArrayList<>(m.archiveSegments());
      if (!segments.contains(rel)) {
        segments.add(rel);
      }
      core.manifest = new Manifest(m.version(), m.currentSnapshot(), m.activeOps(), m.activeAgentOps(),
          segments, new Manifest.Stats(m.stats().activeRecords(),
              m.stats().archivedRecords() + chosen.size(), m.stats().opsCount(), m.stats().created(),
              m.stats().lastCheckpoint()));
      chosen.keySet().forEach(core.records::remove);
      Checkpoints.checkpoint(core);
      return chosen.size();
    } finally {
      core.writeLock.unlock();
    }
  }

  /** The archived documents of {@code period}. */
  public Map<String, T> loadArchive(String period) throws IOException {
    core.ensureOpen();
    String rel = StoreFiles.archiveName(period);
    if (!core.manifest.archiveSegments().contains(rel)) {
      throw new IllegalArgumentException("archive segment '" + period + "' not found");
    }
    Map<String, T> out = new LinkedHashMap<>();
    Path file = StoreFiles.resolve(core.dir, rel);
    for (Map.Entry<String, byte[]> e : ArchiveFile.read(core.backend, file).entrySet()) {
      out.put(e.getKey(), decode(e.getValue()));
    }
    return out;
  }

  /** Periods of the archive segments, in the manifest's order. */
  public List<String> archivePeriods() {
    core.ensureOpen();
    List<String> out = new ArrayList<>();
    for (String s : core.manifest.archiveSegments()) {
      String p = StoreFiles.periodOf(s);
      out.add(p == null ? s : p);
    }
    return out;
  }

  public StoreStats stats() {
    core.ensureOpen();
    core.writeLock.lock();
    try {
      Manifest m = core.manifest;
      return new StoreStats(core.records.size(), core.ops.size(), m.archiveSegments().size(),
          m.stats().archivedRecords(), core.tornBytesCut,
          core.committer == null ? 0 : core.committer.groupWrites(),
          core.committer == null ? 0 : core.committer.groupForces());
    } finally {
      core.writeLock.unlock();
    }
  }

  /** Writes and forces every pending op (ASYNC and GROUP); afterwards all of them are durable. */
  public void flush() throws IOException {
    core.flush();
  }

  // ---- followers ----

  /** Picks up other writers' ops (read-only follower or agent). */
  public void refresh() throws IOException {
    tail();
  }

  /** Applies ops written by others since the last call and returns them. */
  public List<Operation> tail() throws IOException {
    List<Operation> out = new ArrayList<>();
    core.writeLock.lock();
    try {
      core.ensureOpen();
      for (WalFile.Entry e : Follower.tail(core)) {
        out.add(e.op().toOperation());
      }
    } finally {
      core.writeLock.unlock();
    }
    return out;
  }

  /**
   * As opslog's {@code watch(callback, intervalMs)}: {@link #watch(Consumer, Consumer, Duration)}
   * with failures of a tail ignored (the next tick tries again).
   */
  public void watch(Consumer<List<Operation>> listener, Duration interval) {
    watch(listener, e -> { }, interval);
  }

  /**
   * Calls {@link #tail()} every {@code interval} on a daemon thread and passes non-empty results
   * to {@code listener}; failures go to {@code onError}. Replaces an earlier watch.
   */
  public void watch(Consumer<List<Operation>> listener, Consumer<Exception> onError, Duration interval) {
    core.ensureOpen();
    long ms = Math.max(1, interval.toMillis());
    core.writeLock.lock();
    try {
      unwatchLocked();
      if (core.background == null) {
        core.background = Executors.newSingleThreadScheduledExecutor(daemon("linebase-store-watch"));
      }
      core.watchTask = core.background.scheduleWithFixedDelay(() -> {
        try {
          List<Operation> fresh = tail();
          if (!fresh.isEmpty()) {
            listener.accept(fresh);
          }
        } catch (IOException | RuntimeException e) {
          onError.accept(e);
        }
      }, ms, ms, TimeUnit.MILLISECONDS);
    } finally {
      core.writeLock.unlock();
    }
  }

  public void unwatch() {
    core.writeLock.lock();
    try {
      unwatchLocked();
    } finally {
      core.writeLock.unlock();
    }
  }

  private void unwatchLocked() {
    if (core.watchTask != null) {
      core.watchTask.cancel(false);
      core.watchTask = null;
    }
  }

  // ---- streaming ----

  /** The manifest as last read or written by this store. */
  public Manifest manifest() {
    core.ensureOpen();
    return core.manifest;
  }

  /**
   * The records of the current snapshot file, read lazily line by line (documents in memory are
   * not consulted). Close the stream.
   */
  public Stream<Map.Entry<String, T>> streamSnapshot() throws IOException {
    core.ensureOpen();
    return SnapshotStream.open(core.backend,
            StoreFiles.resolve(core.dir, core.manifest.currentSnapshot()))
        .map(e -> new AbstractMap.SimpleImmutableEntry<>(e.id(), decode(e.data())));
  }

  /** The ops of the active WAL file(s) on disk with {@code ts} after {@code since} (null: all). */
  public Stream<Operation> walOps(String since) throws IOException {
    core.ensureOpen();
    Manifest m = core.manifest;
    List<WalFile.Entry> all = new ArrayList<>();
    for (String rel : Replay.walFiles(m)) {
      all.addAll(WalFile.scan(core.backend, StoreFiles.resolve(core.dir, rel), 0).entries());
    }
    if (m.activeAgentOps() != null) {
      all.sort(Replay.ORDER);
    }
    return all.stream()
        .filter(e -> since == null || e.op().ts.compareTo(since) > 0)
        .map(e -> e.op().toOperation());
  }

  private T decode(byte[] b) {
    try {
      return codec.decode(b, 0, b.length);
    } catch (IOException e) {
      throw new UncheckedIOException("document does not decode as " + codec + ": " + e.getMessage(), e);
    }
  }

  /**
   * Flushes pending ops, checkpoints when configured and there are ops, releases the lock.
   * Idempotent.
   */
  @Override
  public void close() throws IOException {
    core.close();
  }

  /** The engine, for tests in this package. */
  StoreCore core() {
    return core;
  }
}
