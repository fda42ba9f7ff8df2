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
 *   <li>writes the batch with one positional write.
 * </ol>
 *
 * The force required by the policy runs after the lock is released, shared by this process's
 * concurrent appenders through {@link GroupCommit}; it forces the whole file, so it also covers
 * lines other processes wrote. A batch torn by a writer killed mid-write may leave its first
 * complete lines in the log (a batch is one write, but not atomic across a crash).
 *
 * <p>Opening does the cheap torn-tail cut, not the full scan of {@link Recovery}: shared writers
 * never preallocate, so a process crash can only leave a partial last line.
 *
 * <p>Thread-safe: threads of one process serialize on an in-process lock first.
 */
final class SharedWriter implements LogWriter {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentedLog.class);
  private static final long OPEN_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Path dir;
  private final LogConfig config;
  private final Path lockPath;
  private final FileMutex appendMutex;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final GroupCommit group;
  private final RecoveryReport recovery;
  private ChannelAppender appender;
  private long appenderBase = -1;
  private long knownBytes;
  private long endLine;
  private volatile boolean closed;
  /** This process's written end and the appender holding it, for the group-commit leader. */
  private volatile Written written;

  private record Written(ChannelAppender appender, long line) {}

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
    appender = ChannelAppender.open(segment, 0);
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

  /** Runs {@code body} holding the in-process writer lock and the directory's append lock. */
  private <T> T underLock(Locked<T> body) throws IOException {
    writeLock.lock();
    try {
      appendMutex.lock();
      try {
        return body.run();
      } finally {
        appendMutex.unlock();
      }
    } finally {
      writeLock.unlock();
    }
  }

  private long write(List<byte[]> records, long totalBytes) throws IOException {
    return underLock(() -> {
      ensureWritable();
      relearn();
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
    appender = ChannelAppender.open(next, 0);
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
      relearn();
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
      written.appender().force(Long.MAX_VALUE);
    }
  }

  @Override
  public void roll() throws IOException {
    underLock(() -> {
      ensureWritable();
      relearn();
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
          appender.close();
        } finally {
          appendMutex.close();
        }
      } finally {
        writeLock.unlock();
      }
    }
  }
}
