package dev.linebase.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * An exclusive lock on a lock file, held across threads <em>and</em> processes. The operating
 * system releases it when the holding process dies, so a {@code kill -9} never leaves a stale lock.
 *
 * <p>Two ways to take it:
 *
 * <ul>
 *   <li>{@link #tryAcquire(Path)} for single-writer ownership of a log or store held for a long
 *       time: fails at once with {@link LockedException} naming the holder (the PID recorded in
 *       the file) when another process or another object in this process holds it.
 *   <li>{@link #acquire(Path)} for short critical sections shared by many processes (a queue's
 *       append or claim of one batch): blocks until the lock is free. The holder is not recorded.
 * </ul>
 *
 * <p>{@code FileChannel.lock} is per process, not per thread, so this class also keeps one
 * in-process permit ({@link Semaphore}) per lock file: threads of one JVM queue up on it before
 * taking the OS lock. The lock is not reentrant. This class is thread-safe; any thread may close.
 */
public final class FileLock implements AutoCloseable {
  private static final ConcurrentHashMap<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

  private final Path path;
  private final FileChannel channel;
  private final java.nio.channels.FileLock osLock;
  private final Semaphore localLock;
  private boolean closed;

  private FileLock(
      Path path, FileChannel channel, java.nio.channels.FileLock osLock, Semaphore localLock) {
    this.path = path;
    this.channel = channel;
    this.osLock = osLock;
    this.localLock = localLock;
  }

  /** The in-process permit guarding {@code lockFile}, shared by every lock on that file. */
  static Semaphore permit(Path lockFile) {
    return IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new Semaphore(1));
  }

  /** Thrown by {@link #tryAcquire(Path)} when another holder has the lock. */
  public static final class LockedException extends IOException {
    private static final long serialVersionUID = 1L;

    public LockedException(String message) {
      super(message);
    }
  }

  /**
   * Takes the lock without waiting and records this process's PID in the file.
   *
   * @throws LockedException if it is held, naming the holder's PID when the file records one
   */
  public static FileLock tryAcquire(Path lockFile) throws IOException {
    Path key = lockFile.toAbsolutePath().normalize();
    Semaphore local = IN_PROCESS.computeIfAbsent(key, k -> new Semaphore(1));
    if (!local.tryAcquire()) {
      throw new LockedException(
          lockFile + " is locked by this process (pid " + ProcessHandle.current().pid() + ")");
    }
    FileChannel ch = null;
    try {
      ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      java.nio.channels.FileLock os;
      try {
        os = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        os = null;
      }
      if (os == null) {
        String holder = readHolder(ch);
        throw new LockedException(
            lockFile + " is locked by another process" + (holder.isEmpty() ? "" : " (pid " + holder + ")"));
      }
      byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
      ch.truncate(0);
      AtomicFiles.writeFully(ch, ByteBuffer.wrap(pid), 0);
      return new FileLock(key, ch, os, local);
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      local.release();
      throw e;
    }
  }

  /** Takes the lock, waiting for other threads and processes as long as it takes. */
  public static FileLock acquire(Path lockFile) throws IOException {
    Path key = lockFile.toAbsolutePath().normalize();
    Semaphore local = IN_PROCESS.computeIfAbsent(key, k -> new Semaphore(1));
    local.acquireUninterruptibly();
    FileChannel ch = null;
    try {
      ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      java.nio.channels.FileLock os = ch.lock();
      return new FileLock(key, ch, os, local);
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      local.release();
      throw e;
    }
  }

  private static String readHolder(FileChannel ch) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(32);
      int n = ch.read(buf, 0);
      return n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return "";
    }
  }

  /** The lock file. */
  public Path path() {
    return path;
  }

  /** Releases the lock. Idempotent. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      osLock.release();
    } finally {
      try {
        channel.close();
      } finally {
        localLock.release();
      }
    }
  }
}
