package dev.linebase.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The multi-writer compaction lock {@code dir/.compact-lock}, as opslog takes it: created
 * exclusively, holding the holder's PID in decimal ASCII, deleted on release. Only one agent
 * compacts (or registers itself in the manifest) at a time; an agent that finds it held skips its
 * compaction, as opslog does. Unlike opslog, a lock left by a dead process (its PID is not alive)
 * is removed and taken, so a crash during compaction does not stop compaction forever.
 * Thread-safe; close is idempotent.
 */
final class CompactionLock implements Closeable {
  private final Path path;
  private boolean closed;

  private CompactionLock(Path path) {
    this.path = path;
  }

  /** Takes the lock, or returns null when a live process holds it. */
  static CompactionLock tryAcquire(Path dir) throws IOException {
    Path path = dir.resolve(StoreFiles.COMPACT_LOCK);
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        Files.write(path, Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII),
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new CompactionLock(path);
      } catch (FileAlreadyExistsException e) {
        long pid = StoreLock.readPid(path);
        if (pid > 0 && StoreLock.isAlive(pid)) {
          return null;
        }
        if (pid < 0 && Files.exists(path)) {
          return null; // being written right now, or unreadable: treat as held
        }
        Files.deleteIfExists(path);
      }
    }
    return null;
  }

  /** Takes the lock, waiting up to {@code timeoutMillis} for another holder. */
  static Closeable acquire(StoreBackend backend, Path dir, long timeoutMillis) throws IOException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (true) {
      Closeable l = backend.tryLockCompaction(dir);
      if (l != null) {
        return l;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("compaction lock " + dir.resolve(StoreFiles.COMPACT_LOCK)
            + " held by another writer (process id in the file, if any: "
            + StoreLock.readPid(dir.resolve(StoreFiles.COMPACT_LOCK)) + ")"
            + " for more than " + timeoutMillis + " ms");
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted waiting for the compaction lock");
      }
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      Files.deleteIfExists(path);
    }
  }
}
