package dev.linebase.timelog;

import dev.linebase.io.CorruptFileException;
import dev.linebase.io.FileLock;
import dev.linebase.jsonl.Codec;
import dev.linebase.log.LogConfig;
import dev.linebase.log.LogFormat;
import dev.linebase.log.SegmentedLog;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Opens durable timelog directories ({@link TimelogFiles} lists the layout): takes the writer
 * lock, reads the manifest, loads and verifies the live segments, deletes files a crash left
 * behind (segments written but never named by a manifest, {@code *.tmp}), opens the write-ahead
 * log (whose own recovery cuts a torn tail) and replays it from the manifest's
 * {@code replayFromLine}. Also the {@link Engine.Store} that makes flushes and compactions
 * durable: segment files first, then the manifest (the commit point), then WAL retention and
 * the deletion of replaced segment files. Stateless; each store is used under the engine's
 * maintenance lock. {@link #openReadOnly} loads the same state without the lock and without
 * touching a file, for readers beside a live writer.
 */
final class TimelogDir {
  private TimelogDir() {}

  @SuppressWarnings("unchecked")
  static <V> Timelog<V> open(Path dir, TimelogConfig config, Codec<V> codec,
      DropListener<Object> onDrop) throws IOException {
    Codec<Object> untyped = (Codec<Object>) (Codec<?>) codec;
    Files.createDirectories(TimelogFiles.segments(dir));
    FileLock lock = FileLock.tryAcquire(TimelogFiles.lock(dir));
    SegmentedLog log = null;
    try {
      TimelogManifest manifest = TimelogManifest.read(TimelogFiles.manifest(dir));
      List<Segment> l0 = new ArrayList<>();
      List<Segment> l1 = new ArrayList<>();
      Set<Long> live = loadSegments(dir, manifest, untyped, l0, l1);
      deleteLeftovers(dir, live);
      LogConfig walConfig = LogConfig.builder().durability(config.durability())
          .format(LogFormat.JSONL).segmentBytes(config.walSegmentBytes()).build();
      log = SegmentedLog.open(TimelogFiles.wal(dir), walConfig);
      long from = manifest.replayFromLine();
      long end = log.endLine();
      if (end < from || log.firstLine() > from) {
        throw new CorruptFileException(TimelogFiles.wal(dir), CorruptFileException.UNKNOWN, from,
            "write-ahead log holds lines [" + log.firstLine() + ", " + end
                + ") but replay must start at line " + from);
      }
      checkSequences(dir, manifest, l0, l1, end);
      DurableStore store = new DurableStore(dir, untyped, log, manifest.nextSegmentId());
      Engine engine = new Engine(config, onDrop, store, from, l0, l1, manifest.tombstones(),
          manifest.nextSegmentId());
      TimelogWal wal = new TimelogWal(log, untyped);
      engine.replaying(true);
      wal.replay(from, end, into(engine));
      engine.publish();
      engine.replaying(false);
      if (engine.nextSeq() != end) {
        throw new IllegalStateException("replay ended at sequence " + engine.nextSeq()
            + " but the write-ahead log ends at line " + end);
      }
      AutoCloseable resources = () -> {
        try {
          engine.stopMaintenance();
          if (engine.failure() == null) {
            engine.flush();
          }
        } finally {
          try {
            wal.close(); // and the log under it
          } finally {
            lock.close();
          }
        }
      };
      return new Timelog<>(engine, wal, resources);
    } catch (IOException | RuntimeException e) {
      try {
        if (log != null) {
          log.close();
        }
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      lock.close();
      throw e;
    }
  }

  /** How often a read-only open starts over when a writer replaced files it was reading. */
  static final int READ_ONLY_ATTEMPTS = 100;

  /**
   * Opens {@code dir} for reading only, into memory: reads the manifest, loads its segments and
   * replays the write-ahead log from the manifest's replay line to the end of what its files hold
   * now. Takes no lock, so a writer (in this or another process) may have the directory open;
   * creates, writes and deletes nothing and never runs maintenance. If the writer commits a new
   * manifest meanwhile and deletes a segment or WAL file this open still needed, it starts over
   * (up to {@link #READ_ONLY_ATTEMPTS} times).
   */
  @SuppressWarnings("unchecked")
  static <V> Timelog<V> openReadOnly(Path dir, TimelogConfig config, Codec<V> codec)
      throws IOException {
    Codec<Object> untyped = (Codec<Object>) (Codec<?>) codec;
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "no timelog directory");
    }
    IOException last = null;
    for (int attempt = 0; attempt < READ_ONLY_ATTEMPTS; attempt++) {
      byte[] before = manifestBytes(dir);
      TimelogManifest manifest = TimelogManifest.read(TimelogFiles.manifest(dir));
      try {
        List<Segment> l0 = new ArrayList<>();
        List<Segment> l1 = new ArrayList<>();
        loadSegments(dir, manifest, untyped, l0, l1);
        long from = manifest.replayFromLine();
        Engine engine = new Engine(config, DropListener.none(), READ_ONLY, from, l0, l1,
            manifest.tombstones(), manifest.nextSegmentId());
        engine.replaying(true);
        long end = Files.isDirectory(TimelogFiles.wal(dir))
            ? TimelogWal.replayAvailable(TimelogFiles.wal(dir), untyped, from, into(engine))
            : from;
        engine.publish();
        engine.replaying(false);
        checkSequences(dir, manifest, l0, l1, end);
        return new Timelog<>(engine, null, null, Timelog.Access.READ_ONLY);
      } catch (NoSuchFileException | CorruptFileException e) {
        // A writer may have replaced the manifest and deleted what this one named; a damaged
        // directory stays damaged under the same manifest.
        if (Arrays.equals(before, manifestBytes(dir))) {
          throw e;
        }
        last = e;
      }
    }
    throw new IOException("timelog " + dir + " changed under " + READ_ONLY_ATTEMPTS
        + " read-only opens in a row", last);
  }

  private static byte[] manifestBytes(Path dir) throws IOException {
    try {
      return Files.readAllBytes(TimelogFiles.manifest(dir));
    } catch (NoSuchFileException e) {
      return new byte[0];
    }
  }

  /** Refuses every write: a read-only timelog never flushes or compacts. */
  private static final Engine.Store READ_ONLY = new Engine.Store() {
    @Override
    public void writeSegments(List<Segment> segments) {
      throw new IllegalStateException("timelog opened read-only");
    }

    @Override
    public void commit(Version v) {
      throw new IllegalStateException("timelog opened read-only");
    }

    @Override
    public void deleteSegments(List<Segment> segments) {
      throw new IllegalStateException("timelog opened read-only");
    }
  };

  private static TimelogWal.Replay into(Engine engine) {
    return new TimelogWal.Replay() {
      @Override
      public void record(long ts, Object value) {
        engine.add(ts, value);
      }

      @Override
      public void delete(long lo, long hi) {
        engine.delete(lo, hi);
      }
    };
  }

  /**
   * Loads and verifies the segments {@code manifest} names into {@code l0} (oldest first) and
   * {@code l1} (by time); returns their ids.
   */
  private static Set<Long> loadSegments(Path dir, TimelogManifest manifest, Codec<Object> codec,
      List<Segment> l0, List<Segment> l1) throws IOException {
    Set<Long> live = new HashSet<>();
    for (TimelogManifest.Entry e : manifest.segments()) {
      Path file = TimelogFiles.segment(dir, e.id());
      if (!Files.exists(file)) {
        throw new CorruptFileException(TimelogFiles.manifest(dir), CorruptFileException.UNKNOWN,
            CorruptFileException.UNKNOWN, "names segment " + e.id() + " but " + file
                + " is missing");
      }
      Segment s = SegmentFile.read(file, codec);
      if (s.id() != e.id() || s.level() != e.level() || s.size() != e.records()) {
        throw new CorruptFileException(file, 0, CorruptFileException.UNKNOWN,
            "segment header (id " + s.id() + ", level " + s.level() + ", records " + s.size()
                + ") does not match the manifest " + e);
      }
      (s.level() == 0 ? l0 : l1).add(s);
      live.add(s.id());
    }
    l1.sort(Comparator.comparingLong(Segment::minTs));
    return live;
  }

  /**
   * Sequence numbers are WAL line numbers and must never be reused: every sequence number held
   * by a segment or a tombstone must lie below the log's end.
   */
  private static void checkSequences(Path dir, TimelogManifest manifest, List<Segment> l0,
      List<Segment> l1, long end) throws CorruptFileException {
    for (Segment s : concat(l0, l1)) {
      if (s.size() > 0 && s.run().maxSeq >= end) {
        throw new CorruptFileException(TimelogFiles.wal(dir), CorruptFileException.UNKNOWN,
            end, "write-ahead log ends at line " + end + " but segment " + s.id()
                + " holds sequence number " + s.run().maxSeq + ": the log lost lines");
      }
    }
    for (int i = 0; i < manifest.tombstones().size(); i++) {
      if (manifest.tombstones().threshold(i) >= end) {
        throw new CorruptFileException(TimelogFiles.wal(dir), CorruptFileException.UNKNOWN,
            end, "write-ahead log ends at line " + end + " but a tombstone has threshold "
                + manifest.tombstones().threshold(i) + ": the log lost lines");
      }
    }
  }

  private static List<Segment> concat(List<Segment> a, List<Segment> b) {
    List<Segment> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static void deleteLeftovers(Path dir, Set<Long> live) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(TimelogFiles.segments(dir))) {
      for (Path f : files) {
        long id = TimelogFiles.segmentId(f);
        if ((id >= 0 && !live.contains(id)) || f.getFileName().toString().endsWith(".tmp")) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  /** Segment files, then the manifest, then WAL retention. Used under the maintenance lock. */
  private static final class DurableStore implements Engine.Store {
    private final Path dir;
    private final Codec<Object> codec;
    private final SegmentedLog log;
    private long nextSegmentId;

    DurableStore(Path dir, Codec<Object> codec, SegmentedLog log, long nextSegmentId) {
      this.dir = dir;
      this.codec = codec;
      this.log = log;
      this.nextSegmentId = nextSegmentId;
    }

    @Override
    public void writeSegments(List<Segment> segments) throws IOException {
      for (Segment s : segments) {
        SegmentFile.write(TimelogFiles.segment(dir, s.id()), s, codec);
        nextSegmentId = Math.max(nextSegmentId, s.id() + 1);
      }
    }

    @Override
    public void commit(Version v) throws IOException {
      TimelogManifest m = TimelogManifest.of(v, nextSegmentId);
      m.write(TimelogFiles.manifest(dir));
      log.deleteBefore(m.replayFromLine());
    }

    @Override
    public void deleteSegments(List<Segment> segments) throws IOException {
      for (Segment s : segments) {
        Files.deleteIfExists(TimelogFiles.segment(dir, s.id()));
      }
    }
  }
}
