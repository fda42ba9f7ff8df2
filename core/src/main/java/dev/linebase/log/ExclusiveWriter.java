package dev.linebase.log;

import dev.linebase.index.SidecarMode;
import dev.linebase.io.AtomicFiles;
import dev.linebase.io.FileLock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WriterMode#EXCLUSIVE} writer: holds {@code writer.lock} (with its PID, so a second
 * writer's error names it) and {@code append.lock} from open to close, writes the
 * active segment through {@link MappedAppender}, and is the exact {@link LogView} for readers of
 * the same log object (they read up to the published commit point, nothing beyond).
 *
 * <p>State: the segments (volatile, copy-on-write), the active segment's appender and
 * checkpoints and the next line number (guarded by the writer lock), and the published {@link
 * Tail} (volatile), which is the commit point readers see.
 */
final class ExclusiveWriter implements LogWriter, LogView {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentedLog.class);

  /** The visible end: every line below {@code line} is committed; the last ends at offset. */
  record Tail(Segment segment, long offset, long line) {}

  /** The written end (forced or not), for the group-commit leader, which takes no lock. */
  private record Written(SegmentAppender appender, Segment segment, long offset, long line) {}

  private final Path dir;
  private final LogConfig config;
  private final FileLock lock;
  private final FileLock appendLock;
  private final long stepBytes;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Object tailLock = new Object();
  private final Object signal = new Object();
  private volatile int waiters;
  private volatile Segments segments;
  private volatile Tail tail;
  private volatile Written written;
  private volatile boolean closed;
  private final GroupCommit group;
  /**
   * Under {@code NONE}: the forces of sealed segments still running or failed (guarded by
   * writeLock). {@link #sync()} and {@link #close()} wait for them; a failed one fails every later
   * sync and the close, since its bytes may never reach the disk.
   */
  private final List<CompletableFuture<Void>> seals = new ArrayList<>();
  private final RecoveryReport recovery;

  private Segment active;
  private Checkpoints activeCheckpoints;
  private SegmentAppender appender;
  private long endLine;

  private ExclusiveWriter(Path dir, LogConfig config, FileLock lock, FileLock appendLock,
      Segments segments, Recovery.Result recovered) throws IOException {
    this.dir = dir;
    this.config = config;
    this.lock = lock;
    this.appendLock = appendLock;
    this.stepBytes = stepBytes(config.segmentBytes());
    this.segments = segments;
    this.active = segments.last();
    this.activeCheckpoints = recovered.checkpoints();
    active.checkpoints(activeCheckpoints);
    this.endLine = active.base + recovered.lines();
    this.recovery = recovered.report();
    this.appender = MappedAppender.open(active.path, recovered.validBytes(), stepBytes);
    this.tail = new Tail(active, recovered.validBytes(), endLine);
    this.written = new Written(appender, active, recovered.validBytes(), endLine);
    this.group = config.durability().forces()
        ? new GroupCommit(config.durability(), endLine, this::flush, () -> written.line(),
            dir.toString())
        : null;
  }

  /** Map regions of the segment size, clamped to [64 KiB, 64 MiB] and rounded to 64 KiB. */
  static long stepBytes(long segmentBytes) {
    long step = Math.max(64L << 10, Math.min(64L << 20, segmentBytes));
    return (step + (64L << 10) - 1) & -(64L << 10);
  }

  static ExclusiveWriter open(Path dir, LogConfig config) throws IOException {
    FileLock lock = FileLock.tryAcquire(SegmentFiles.writerLock(dir));
    FileLock appendLock = null;
    try {
      // Waits for a SHARED writer's batch in flight; later SHARED batches wait for close.
      appendLock = FileLock.acquire(SegmentFiles.appendLock(dir));
      List<SegmentFiles.SegmentFile> files = SegmentFiles.list(dir, config.format());
      if (files.isEmpty()) {
        Path first = SegmentFiles.path(dir, 0, config.format());
        Files.newByteChannel(first, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
            .close();
        AtomicFiles.forceDirectory(dir);
        files = SegmentFiles.list(dir, config.format());
      }
      Segment[] segs = new Segment[files.size()];
      for (int i = 0; i < segs.length; i++) {
        SegmentFiles.SegmentFile f = files.get(i);
        segs[i] = new Segment(f.base(), f.path(), SidecarMode.AUTO_SAVE);
        if (i < segs.length - 1) {
          segs[i].seal(Files.size(f.path()));
        }
      }
      Segment last = segs[segs.length - 1];
      Recovery.Result recovered;
      try (FileChannel ch =
          FileChannel.open(last.path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        recovered = Recovery.recover(last.path, ch, config.format(), config.maxRecordBytes(),
            Recovery.trustedPrefix(last.path, ch.size()));
      }
      if (recovered.report().cut()) {
        LOG.warn("recovered {}: cut {} bytes ({} of them a NUL run) at byte offset {}: {}",
            last.path, recovered.report().bytesCut(), recovered.report().zeroBytesCut(),
            recovered.report().validBytes(), recovered.report().reason());
      }
      return new ExclusiveWriter(dir, config, lock, appendLock, new Segments(segs), recovered);
    } catch (IOException | RuntimeException e) {
      try {
        if (appendLock != null) {
          appendLock.close();
        }
      } finally {
        lock.close();
      }
      throw e;
    }
  }

  // ---- writing ----

  private void ensureWritable() {
    if (closed) {
      throw new IllegalStateException("log is closed: " + dir);
    }
  }

  @Override
  public long append(byte[] record) throws IOException {
    long line;
    if (group != null) {
      group.enter();
    }
    writeLock.lock();
    try {
      ensureWritable();
      long bytes = record.length + 1L;
      rollIfFull(bytes);
      long at = appender.size();
      appender.append(record);
      line = endLine++;
      activeCheckpoints.record(line - active.base, at);
      if (group == null) {
        publish(new Tail(active, appender.size(), endLine));
      } else {
        written = new Written(appender, active, appender.size(), endLine);
      }
    } catch (IOException | RuntimeException | Error e) {
      if (group != null) {
        group.leave();
      }
      throw e;
    } finally {
      writeLock.unlock();
    }
    if (group != null) {
      group.awaitEntered(line + 1);
    }
    return line;
  }

  @Override
  public long appendAll(List<byte[]> records, long totalBytes) throws IOException {
    if (group == null) {
      return write(records, totalBytes);
    }
    return group.appendBlocking(records.size(), () -> write(records, totalBytes));
  }

  @Override
  public CompletableFuture<Long> appendAsync(List<byte[]> records, long totalBytes)
      throws IOException {
    if (group == null) {
      return CompletableFuture.completedFuture(write(records, totalBytes));
    }
    return group.appendAsync(writeLock, records.size(), () -> write(records, totalBytes));
  }

  private long write(List<byte[]> records, long totalBytes) throws IOException {
    writeLock.lock();
    try {
      ensureWritable();
      long first = endLine;
      if (records.isEmpty()) {
        return first;
      }
      rollIfFull(totalBytes);
      long at = appender.size();
      appender.append(records, totalBytes);
      for (byte[] r : records) {
        activeCheckpoints.record(endLine - active.base, at);
        endLine++;
        at += r.length + 1;
      }
      if (group == null) {
        publish(new Tail(active, appender.size(), endLine));
      } else {
        written = new Written(appender, active, appender.size(), endLine);
      }
      return first;
    } finally {
      writeLock.unlock();
    }
  }

  /** Forces everything written; publishes it to readers. The group-commit leader runs this. */
  private long flush() throws IOException {
    Written w = written;
    w.appender().force(w.offset());
    publishIfNewer(new Tail(w.segment(), w.offset(), w.line()));
    return w.line();
  }

  private void publish(Tail t) {
    // Commit point: readers of this log see lines below t.line() from here on.
    tail = t;
    if (waiters > 0) {
      synchronized (signal) {
        signal.notifyAll();
      }
    }
  }

  private void publishIfNewer(Tail t) {
    synchronized (tailLock) {
      if (t.line() <= tail.line()) {
        return;
      }
      publish(t);
    }
  }

  private void rollIfFull(long bytes) throws IOException {
    long size = appender.size();
    if (size > 0 && size + bytes > config.segmentBytes()) {
      rollLocked();
    }
  }

  /** Seals the active segment (force, cut preallocation) and starts a new one at endLine. */
  private void rollLocked() throws IOException {
    long size = appender.size();
    if (group == null) {
      seals.removeIf(f -> f.isDone() && !f.isCompletedExceptionally());
      seals.add(appender.sealInBackground());
    } else {
      appender.seal();
    }
    active.seal(size);
    if (group != null) {
      publishIfNewer(new Tail(active, size, endLine));
      group.advanced(endLine);
    }
    Path next = SegmentFiles.path(dir, endLine, config.format());
    Files.newByteChannel(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
    AtomicFiles.forceDirectory(dir);
    Segment s = new Segment(endLine, next, SidecarMode.AUTO_SAVE);
    Checkpoints cps = new Checkpoints();
    s.checkpoints(cps);
    appender = MappedAppender.open(next, 0, stepBytes);
    active = s;
    activeCheckpoints = cps;
    written = new Written(appender, s, 0, endLine);
    segments = segments.plus(s);
    synchronized (tailLock) {
      publish(new Tail(s, 0, endLine));
    }
  }

  @Override
  public void roll() throws IOException {
    writeLock.lock();
    try {
      ensureWritable();
      if (appender.size() > 0) {
        rollLocked();
      }
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public long endLine() {
    writeLock.lock();
    try {
      return endLine;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void sync() throws IOException {
    if (group != null) {
      group.await(endLine());
      return;
    }
    SegmentAppender a;
    long offset;
    List<CompletableFuture<Void>> sealing;
    writeLock.lock();
    try {
      ensureWritable();
      a = appender;
      offset = a.size();
      sealing = List.copyOf(seals);
    } finally {
      writeLock.unlock();
    }
    a.force(offset);
    awaitSeals(sealing);
  }

  /** Waits for background seals; the first failed one is rethrown. */
  private static void awaitSeals(List<CompletableFuture<Void>> sealing) throws IOException {
    for (CompletableFuture<Void> f : sealing) {
      try {
        f.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof IOException io) {
          throw new IOException(io.getMessage(), io);
        }
        throw e;
      }
    }
  }

  @Override
  public void deleteBefore(long line) throws IOException {
    writeLock.lock();
    try {
      ensureWritable();
      Segments s = segments;
      int k = 0;
      while (k < s.size() - 1 && s.get(k + 1).base <= line) {
        k++;
      }
      if (k == 0) {
        return;
      }
      segments = s.from(k);
      for (int i = 0; i < k; i++) {
        Segment gone = s.get(i);
        gone.close();
        Files.deleteIfExists(gone.path);
        Files.deleteIfExists(SegmentFiles.indexPath(gone.path));
      }
      AtomicFiles.forceDirectory(dir);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public long groupForces() {
    return group == null ? 0 : group.forces();
  }

  @Override
  public RecoveryReport recovery() {
    return recovery;
  }

  @Override
  public void close() throws IOException {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      writeLock.unlock();
    }
    try {
      if (group != null) {
        group.close();
      }
      writeLock.lock();
      try {
        long size = appender.size();
        appender.seal();
        active.seal(size);
        if (group != null) {
          publishIfNewer(new Tail(active, size, endLine));
          group.advanced(endLine);
        } else {
          publish(new Tail(active, size, endLine));
        }
        Recovery.saveTrustedPrefix(active.path, size);
      } finally {
        writeLock.unlock();
      }
      awaitSeals(seals);
    } finally {
      try {
        Segments s = segments;
        for (int i = 0; i < s.size(); i++) {
          s.get(i).close();
        }
      } finally {
        try {
          appendLock.close();
        } finally {
          lock.close();
        }
      }
    }
  }

  // ---- LogView ----

  @Override
  public Segments segments() {
    return segments;
  }

  @Override
  public Segments refresh() {
    return segments;
  }

  @Override
  public long limit(Segment segment) {
    Tail t = tail;
    if (t.segment() == segment) {
      return t.offset();
    }
    long sealed = segment.sealedBytes();
    return sealed >= 0 ? sealed : 0;
  }

  @Override
  public long firstLine() {
    Segment first = segments.first();
    return first == null ? 0 : first.base;
  }

  @Override
  public Object version() {
    return tail;
  }

  @Override
  public void awaitChange(Object observed, long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    synchronized (signal) {
      waiters++;
      try {
        long left = nanos;
        while (tail == observed && !closed && left > 0) {
          signal.wait(left / 1_000_000, (int) (left % 1_000_000));
          left = deadline - System.nanoTime();
        }
      } finally {
        waiters--;
      }
    }
  }

  @Override
  public int maxRecordBytes() {
    return config.maxRecordBytes();
  }

  @Override
  public void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("log is closed: " + dir);
    }
  }
}
