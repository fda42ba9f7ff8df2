package dev.linebase.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Semaphore;

/**
 * A cross-process mutex on a lock file that is taken and released many times: the lock file stays
 * open between uses, so {@link #lock()} costs one {@code fcntl} lock (plus an uncontended
 * in-process permit) instead of an open, a lock and a close as {@link FileLock#acquire} does. Used
 * around each batch that several processes append to one log.
 *
 * <p>It shares {@link FileLock}'s in-process permit per lock file, so a {@code FileMutex} and a
 * {@code FileLock} on the same file in one JVM exclude each other too. The OS releases the lock
 * when the holding process dies.
 *
 * <p>This class is thread-safe. The lock is not reentrant; {@link #unlock()} must follow each
 * {@link #lock()} (from any thread). {@link #close()} is idempotent, waits for the lock to be free
 * in this JVM, and must not be called by a thread holding it.
 */
public final class FileMutex implements AutoCloseable {
  private final Path path;
  private final Semaphore permit;
  private final FileChannel channel;
  private java.nio.channels.FileLock held; // guarded by permit
  private volatile boolean closed;

  private FileMutex(Path path, FileChannel channel) {
    this.path = path;
    this.permit = FileLock.permit(path);
    this.channel = channel;
  }

  /** Opens (creating if needed) the lock file; does not lock it. */
  public static FileMutex open(Path lockFile) throws IOException {
    Path key = lockFile.toAbsolutePath().normalize();
    FileChannel ch = FileChannel.open(
        key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new FileMutex(key, ch);
  }

  /** Waits for the lock, for other threads of this JVM and for other processes. */
  public void lock() throws IOException {
    if (closed) {
      throw new IllegalStateException("mutex is closed: " + path);
    }
    permit.acquireUninterruptibly();
    try {
      held = channel.lock();
    } catch (IOException | RuntimeException e) {
      permit.release();
      throw e;
    }
  }

  /** Releases the lock taken by {@link #lock()}. */
  public void unlock() throws IOException {
    java.nio.channels.FileLock l = held;
    if (l == null) {
      throw new IllegalStateException("mutex is not locked: " + path);
    }
    held = null;
    try {
      l.release();
    } finally {
      permit.release();
    }
  }

  /**
   * Whether another thread of this JVM waits for this lock file (through any {@code FileMutex} or
   * {@code FileLock} on it). Waiters in other processes are invisible.
   */
  public boolean othersWaiting() {
    return permit.hasQueuedThreads();
  }

  /** The lock file. */
  public Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    // POSIX record locks belong to the process: closing any descriptor of the file releases the
    // lock another FileMutex or FileLock of this JVM holds on it. Close only while holding the
    // in-process permit, i.e. while no one in this JVM holds the lock.
    permit.acquireUninterruptibly();
    try {
      channel.close();
    } finally {
      permit.release();
    }
  }
}
