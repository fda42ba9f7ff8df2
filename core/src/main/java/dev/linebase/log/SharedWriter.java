package dev.linebase.log;

import dev.linebase.io.AtomicFiles;
import dev.linebase.io.FileLock;
import dev.linebase.io.FileMutex;
import dev.linebase.jsonl.LineReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WriterMode#SHARED} writer: any number of processes append to one directory. Each
 * batch is written holding the OS lock on {@code append.lock} (a {@link FileMutex} kept open); under
 * it the writer
 *
 * <ol>
 *   <li>re-learns the real end: the last segment (another process may have rolled) and its size
 *       (others may have appended), counting the lines others added since it last looked;
 *   <li>cuts a torn tail (bytes after the last {@code \n}): the lock's previous holder died
 *       mid-write, so they are garbage;
 *   <li>rolls if the batch would grow the segment past {@code segmentBytes} (the sealed segment
 *       is forced before the next is created);
 *   <li>writes the batch: under {@code NONE} a copy into a mapping, else one positional write.
 * </ol>
 *
 * The force required by the policy runs after the lock is released, shared by this process's
 * concurrent appenders through {@link GroupCommit}; it forces the whole file, so it also covers
 * lines other processes wrote. A batch torn by a writer killed mid-write may leave its first
 * complete lines in the log (a batch is one write, but not atomic across a crash).
 *
 * <p>Under {@code NONE} the batches are copied into a mapping of the segment ({@link
 * SharedMappedAppender}), which extends the file with NULs while it writes and cuts it back to
 * the last line before the lock is let go; under {@code GROUP} and {@code SYNC} each batch is one
 * positional write ({@link ChannelAppender}). Either way the file holds complete lines only
 * whenever no writer holds the lock, except for what a writer killed while holding it left
 * (lines, a partial line, NULs), which step 2 cuts.
 *
 * <p>Holding the lock across batches: taking it and re-learning the end cost about five system
 * calls, several times the write itself, so a writer that keeps appending keeps the lock for up to
 * {@link #HOLD_NANOS} after taking it and re-learns the end only when it takes it again (while it
 * holds the lock no other process can append, roll, cut or delete). It lets go at the end of one
 * of the first {@link #CLOCK_EVERY} batches after that, at once when another thread of this JVM
 * waits for the lock file (a
 * second writer object on the same directory), after a failed batch, and, when it stops
 * appending, from a timer thread. Other processes therefore wait at most about {@code HOLD_NANOS}
 * plus one batch, as they waited one batch before.
 *
 * <p>Opening does the cheap torn-tail cut, not the full scan of {@link Recovery}: shared writers
 * extend the file only while they hold the lock and write it in order, so a process crash can
 * only leave a partial last line and a NUL run after the last complete line.
 *
 * <p>Thread-safe: threads of one process serialize on an in-process lock first.
 */
final class SharedWriter implements LogWriter {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentedLog.class);
  private static final long OPEN_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** The longest this writer keeps {@code append.lock} between re-takes while it appends. */
  static final long HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  /**
   * A writer that keeps appending reads the clock every this many batches: with mapped appends a
   * clock read cost several percent of a put on the development VM. Between batches the timer
   * lets an idle writer's lock go, so only back-to-back batches go unchecked.
   */
  private static final int CLOCK_EVERY = 8;

  /** One daemon thread for the JVM lets go of locks their writers stopped using. */
  private static final class Releaser {
    static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "linebase-append-lock-release");
      t.setDaemon(true);
      return t;
    });
  }

  private final Path dir;
  private final LogConfig config;
  private final Path lockPath;
  private final FileMutex appendMutex;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final GroupCommit group;
  private final RecoveryReport recovery;
  private SharedAppender appender;
  private long appenderBase = -1;
  private long knownBytes;
  private long endLine;
  private volatile boolean closed;
  /** Whether this writer holds append.lock; guarded by writeLock. */
  private boolean held;
  /** Whether the end is known under the current hold (no relearn needed); guarded by writeLock. */
  private boolean known;
  private long heldSinceNanos;
  /** Calls under the current hold, to read the clock only every {@link #CLOCK_EVERY} calls. */
  private int callsUnderHold;
  /** This process's written end and the appender holding it, for the group-commit leader. */
  private volatile Written written;

  private record Written(SharedAppender appender, long line) {}

  private SharedWriter(Path dir, LogConfig config) throws IOException {
    this.dir = dir;
    this.config = config;
    this.lockPath = SegmentFiles.appendLock(dir);
    this.appendMutex = FileMutex.open(lockPath);
    long cut;
    try {
      cut = underLock(() -> {
        long before = lastSegmentSize();
        relearn();
        return Math.max(0, before - knownBytes);
      });
      writeLock.lock();
      try {
        releaseLocked(); // other processes need not wait for the first append
      } finally {
        writeLock.unlock();
      }
    } catch (IOException | RuntimeException e) {
      appendMutex.close();
      if (appender != null) {
        appender.close();
      }
      throw e;
    }
    this.recovery = cut > 0
        ? new RecoveryReport(appender.path(), knownBytes, cut, 0, endLine - appenderBase,
            "partial line")
        : RecoveryReport.clean(appender.path(), knownBytes, endLine - appenderBase);
    if (cut > 0) {
      LOG.warn("recovered {}: cut a torn tail of {} bytes", appender.path(), cut);
    }
    this.written = new Written(appender, endLine);
    this.group = config.durability().forces()
        ? new GroupCommit(config.durability(), endLine, this::flush, () -> written.line(),
            dir.toString())
        : null;
  }

  static SharedWriter open(Path dir, LogConfig config) throws IOException {
    requireNoExclusiveWriter(SegmentFiles.writerLock(dir));
    SharedWriter w = new SharedWriter(dir, config);
    return w;
  }

  /**
   * An exclusive writer holds {@code writer.lock} for its lifetime; shared writers take it only
   * for an instant while opening. So a lock that stays taken for a second means an exclusive
   * writer.
   */
  private static void requireNoExclusiveWriter(Path lock) throws IOException {
    long deadline = System.nanoTime() + OPEN_CHECK_NANOS;
    while (true) {
      try {
        FileLock.tryAcquire(lock).close();
        return;
      } catch (FileLock.LockedException e) {
        if (System.nanoTime() > deadline) {
          throw new FileLock.LockedException(
              "cannot open a SHARED writer: " + e.getMessage()
                  + " for over 1 s (an EXCLUSIVE writer?)");
        }
        try {
          TimeUnit.MILLISECONDS.sleep(1);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while opening " + lock);
        }
      }
    }
  }

  private long lastSegmentSize() throws IOException {
    List<SegmentFiles.SegmentFile> files = SegmentFiles.list(dir, config.format());
    return files.isEmpty() ? 0 : Files.size(files.get(files.size() - 1).path());
  }

  /**
   * Re-learns the end of the log from the file system. Call holding the append lock: no other
   * writer changes the directory meanwhile. Usually costs two {@code stat}s: the size of the
   * segment this writer last wrote (unchanged means no one else wrote, so there is no torn tail
   * either) and whether a segment named by the line after its last line exists (another writer
   * rolled: follow the chain), plus one that the segment still exists. The directory is listed
   * only the first time, after an interrupt closed the channel, and after retention deleted the
   * segment.
   */
  private void relearn() throws IOException {
    if (appender != null && (!appender.channel().isOpen() || !Files.exists(appender.path()))) {
      // Closed by an interrupt of a writing thread, or deleted by retention (which deletes
      // oldest first, so the segments after it are gone too): look again.
      appender.close();
      appender = null;
      appenderBase = -1;
    }
    if (appender == null) {
      List<SegmentFiles.SegmentFile> files = SegmentFiles.list(dir, config.format());
      if (files.isEmpty()) {
        Path first = SegmentFiles.path(dir, 0, config.format());
        Files.newByteChannel(first, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
            .close();
        AtomicFiles.forceDirectory(dir);
        files = SegmentFiles.list(dir, config.format());
      }
      SegmentFiles.SegmentFile last = files.get(files.size() - 1);
      switchTo(last.path(), last.base());
    }
    while (true) {
      long size = appender.channel().size();
      if (size != knownBytes) {
        size = Recovery.cutTornTail(appender.channel());
        if (size < knownBytes) {
          knownBytes = 0; // cannot happen unless the file was rewritten: count again
          endLine = appenderBase;
        }
        if (size > knownBytes) {
          endLine += countLines(knownBytes, size);
          knownBytes = size;
        }
      }
      appender.size(size);
      // An empty segment has no successor (rolls never seal an empty segment).
      Path next = SegmentFiles.path(dir, endLine, config.format());
      if (endLine == appenderBase || !Files.exists(next)) {
        return;
      }
      appender.close(); // sealed by the process that rolled it, which forced it
      switchTo(next, endLine);
    }
  }

  private void switchTo(Path segment, long base) throws IOException {
    appender = openAppender(segment);
    appenderBase = base;
    knownBytes = 0;
    endLine = base;
  }

  private long countLines(long from, long to) throws IOException {
    LineReader r = LineReader.over(appender.path(), appender.channel(), from, 0,
        Integer.MAX_VALUE - (1 << 20), to);
    long n = 0;
    while (r.next()) {
      n++;
    }
    return n;
  }

  private void ensureWritable() {
    if (closed) {
      throw new IllegalStateException("log is closed: " + dir);
    }
  }

  @FunctionalInterface
  private interface Locked<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code body} holding the in-process writer lock and the directory's append lock, which
   * it takes unless this writer still holds it (see the class comment).
   */
  private <T> T underLock(Locked<T> body) throws IOException {
    writeLock.lock();
    try {
      if (!held) {
        appendMutex.lock();
        held = true;
        known = false;
        heldSinceNanos = System.nanoTime();
        callsUnderHold = 0;
        Releaser.TIMER.schedule(this::releaseIfIdle, HOLD_NANOS, TimeUnit.NANOSECONDS);
      }
      boolean ok = false;
      try {
        T result = body.run();
        ok = true;
        return result;
      } finally {
        if (!ok || closed || appendMutex.othersWaiting()
            || (++callsUnderHold % CLOCK_EVERY == 0
                && System.nanoTime() - heldSinceNanos >= HOLD_NANOS)) {
          releaseLocked();
        }
      }
    } finally {
      writeLock.unlock();
    }
  }

  /** Re-learns the end unless it is known under the current hold. Call under the lock. */
  private void relearnIfNeeded() throws IOException {
    if (!known || !appender.channel().isOpen()) {
      relearn();
      known = true;
    }
  }

  private void releaseLocked() throws IOException {
    if (held) {
      held = false;
      known = false;
      try {
        if (appender != null) {
          appender.release(); // the file ends at its last line again before others may look
        }
      } finally {
        appendMutex.unlock();
      }
    }
  }

  /**
   * The appender for a segment (call under the lock): under {@code NONE} a mapping ({@link
   * SharedMappedAppender}: a put is a memory copy, no system call), else positional writes
   * ({@link ChannelAppender}), whose {@code fdatasync} the group commit shares.
   */
  private SharedAppender openAppender(Path segment) throws IOException {
    return config.durability().forces()
        ? ChannelAppender.open(segment, 0)
        : SharedMappedAppender.open(segment, 0, ExclusiveWriter.stepBytes(config.segmentBytes()));
  }

  /**
   * Timer task: lets go of the lock if this writer has held it long enough; else looks later. It
   * never blocks on the writer lock: the timer thread is shared, and a thread holding this
   * writer's lock may be waiting for the lock file that another writer's task would release.
   */
  private void releaseIfIdle() {
    if (!writeLock.tryLock()) {
      Releaser.TIMER.schedule(this::releaseIfIdle, HOLD_NANOS / 4, TimeUnit.NANOSECONDS);
      return;
    }
    try {
      if (!held) {
        return;
      }
      long left = HOLD_NANOS - (System.nanoTime() - heldSinceNanos);
      if (left > 0) {
        Releaser.TIMER.schedule(this::releaseIfIdle, left, TimeUnit.NANOSECONDS);
        return;
      }
      releaseLocked();
    } catch (IOException e) {
      LOG.warn("could not release {}", lockPath, e);
    } finally {
      writeLock.unlock();
    }
  }

  private long write(List<byte[]> records, long totalBytes) throws IOException {
    return underLock(() -> {
      ensureWritable();
      relearnIfNeeded();
      long first = endLine;
      if (records.isEmpty()) {
        return first;
      }
      long size = appender.size();
      if (size > 0 && size + totalBytes > config.segmentBytes()) {
        rollLocked();
      }
      if (records.size() == 1) {
        appender.append(records.get(0));
      } else {
        appender.append(records, totalBytes);
      }
      endLine += records.size();
      knownBytes = appender.size();
      written = new Written(appender, endLine);
      return first;
    });
  }

  private void rollLocked() throws IOException {
    appender.seal();
    Path next = SegmentFiles.path(dir, endLine, config.format());
    Files.newByteChannel(next, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
    AtomicFiles.forceDirectory(dir);
    appender = openAppender(next);
    appenderBase = endLine;
    knownBytes = 0;
    if (group != null) {
      group.advanced(endLine);
    }
  }

  private long flush() throws IOException {
    Written w = written;
    w.appender().force(Long.MAX_VALUE);
    return w.line();
  }

  @Override
  public long append(byte[] record) throws IOException {
    return appendAll(List.of(record), record.length + 1L);
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

  @Override
  public long endLine() throws IOException {
    return underLock(() -> {
      relearnIfNeeded();
      return endLine;
    });
  }

  @Override
  public void sync() throws IOException {
    ensureWritable();
    if (group != null) {
      long line;
      writeLock.lock();
      try {
        line = endLine;
      } finally {
        writeLock.unlock();
      }
      group.await(line);
    } else {
      writeLock.lock(); // a mapped appender forces what it wrote; it must not move meanwhile
      try {
        appender.force(Long.MAX_VALUE);
      } finally {
        writeLock.unlock();
      }
    }
  }

  @Override
  public void roll() throws IOException {
    underLock(() -> {
      ensureWritable();
      relearnIfNeeded();
      if (appender.size() > 0) {
        rollLocked();
      }
      return null;
    });
  }

  @Override
  public void deleteBefore(long line) throws IOException {
    underLock(() -> {
      ensureWritable();
      List<SegmentFiles.SegmentFile> files = SegmentFiles.list(dir, config.format());
      boolean deleted = false;
      for (int i = 0; i + 1 < files.size() && files.get(i + 1).base() <= line; i++) {
        Files.deleteIfExists(files.get(i).path());
        Files.deleteIfExists(SegmentFiles.indexPath(files.get(i).path()));
        deleted = true;
      }
      if (deleted) {
        AtomicFiles.forceDirectory(dir);
      }
      return null;
    });
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
    if (closed) {
      return;
    }
    try {
      if (group != null) {
        group.close();
        sync();
      }
    } finally {
      writeLock.lock();
      try {
        closed = true;
        try {
          releaseLocked();
        } finally {
          try {
            appender.close();
          } finally {
            appendMutex.close();
          }
        }
      } finally {
        writeLock.unlock();
      }
    }
  }
}
