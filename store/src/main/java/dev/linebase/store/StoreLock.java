package dev.linebase.store;

import dev.linebase.io.FileLock;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The single-writer lock {@code dir/.lock}, compatible with opslog's and safe against crashes.
 *
 * <p>Format: the holder's PID in decimal ASCII. opslog writes it without a newline, Linebase with
 * one ({@code "12345\n"}); both parse the leading digits ({@code parseInt}).
 *
 * <p>opslog's protocol: create the file exclusively; if it exists, read the PID; if that process
 * is alive the store is locked, otherwise the lock is stale and is replaced; on close the file is
 * deleted. It takes no OS lock. Linebase keeps that protocol so that each library sees the
 * other's lock, and adds an OS lock ({@link FileLock}) on the same file:
 *
 * <ol>
 *   <li>If {@code .lock} names a live process other than this one: fail with
 *       {@link FileLock.LockedException} naming the PID (that is how a Node holder is seen).
 *   <li>Take the OS lock with {@link FileLock#tryAcquire} (that is how another JVM holding the store
 *       is seen, even if the PID in the file was reused), which records this PID.
 *   <li>Read the file back by path: if it does not hold this PID, a racing opener replaced the file
 *       between our steps; release and fail.
 *   <li>On close: delete the file, then release the OS lock (as opslog, the file does not outlive
 *       the holder). A holder killed with {@code kill -9} leaves the file with a dead PID: stale,
 *       recovered by either library; its OS lock is released by the kernel.
 * </ol>
 *
 * A remaining window: a Node process that creates the file between steps 1 and 2 is overwritten;
 * opslog's own stale-lock recovery has the same kind of window. Thread-safe; close is idempotent.
 */
final class StoreLock implements Closeable {
  private final Path path;
  private final FileLock osLock;
  private boolean closed;

  private StoreLock(Path path, FileLock osLock) {
    this.path = path;
    this.osLock = osLock;
  }

  static StoreLock acquire(Path dir) throws IOException {
    Path path = dir.resolve(StoreFiles.LOCK);
    long self = ProcessHandle.current().pid();
    long holder = readPid(path);
    if (holder > 0 && holder != self && isAlive(holder)) {
      throw locked(path, holder);
    }
    FileLock os;
    try {
      os = FileLock.tryAcquire(path);
    } catch (FileLock.LockedException e) {
      long pid = readPid(path);
      if (pid > 0) {
        throw locked(path, pid);
      }
      throw e;
    }
    long recorded = readPid(path);
    if (recorded != self) {
      os.close();
      throw recorded > 0 ? locked(path, recorded)
          : new FileLock.LockedException("store lock " + path + " changed while it was taken; retry");
    }
    return new StoreLock(path, os);
  }

  private static FileLock.LockedException locked(Path path, long pid) {
    return new FileLock.LockedException("store " + path.getParent() + " is locked by process " + pid
        + "; if that process is not using it, delete " + path);
  }

  /** The PID recorded in a lock file, or -1 if there is none or it does not parse. */
  static long readPid(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return -1;
    } catch (IOException e) {
      return -1;
    }
    int i = 0;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    int start = i;
    while (i < text.length() && i - start < 18 && Character.isDigit(text.charAt(i))) {
      i++;
    }
    return i == start ? -1 : Long.parseLong(text.substring(start, i));
  }

  static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Files.deleteIfExists(path);
    } finally {
      osLock.close();
    }
  }
}
