package dev.linebase.store;

import dev.linebase.io.AtomicFiles;
import dev.linebase.io.Durability;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a store's files live; set with {@link StoreOptions.Builder#backend}. Files are named by
 * absolute, normalized paths under the store directory; a backend need not put them on a file
 * system, it only has to keep the contract of each method. The default, {@link #fileSystem()},
 * keeps the opslog layout on the local file system (atomic replacement through
 * {@code dev.linebase.io.AtomicFiles}, the {@code .lock} and {@code .compact-lock} files shared
 * with opslog). Every file access of a store goes through its backend.
 *
 * <p>Open channels are used with positional reads and writes only; a backend that is not a file
 * system returns its own {@link FileChannel} subclass and may reject {@code map}, {@code lock} and
 * {@code transferTo}/{@code transferFrom} with {@link UnsupportedOperationException}.
 *
 * <p>Implementations must be thread-safe: the commit leader, a background checkpoint and readers
 * call them concurrently (on different files, except that readers may read a file while it is
 * atomically replaced, and must see the old or the new contents, never a mix). A channel open on
 * a file sees bytes written to it through another channel (a follower reads a WAL while the writer
 * appends); a channel opened before a {@link #replace} or {@link #deleteIfExists} keeps reading the
 * contents it was opened on.
 */
public interface StoreBackend {
  /** The local file system: the default backend. Stateless and thread-safe. */
  static StoreBackend fileSystem() {
    return FileSystemBackend.INSTANCE;
  }

  /**
   * The whole contents of {@code file}.
   *
   * @throws java.nio.file.NoSuchFileException if it does not exist
   */
  byte[] readAll(Path file) throws IOException;

  /**
   * Atomically replaces {@code file} (created if absent) with what {@code body} writes: a reader
   * sees the old or the new contents. When {@code durability} forces, the new contents and the
   * name survive a power loss once this returns. If {@code body} fails, {@code file} is unchanged.
   */
  void replace(Path file, AtomicFiles.Body body, Durability durability) throws IOException;

  /**
   * Opens {@code file} for positional reads ({@link FileChannel#read(java.nio.ByteBuffer, long)}
   * and {@link FileChannel#size()}); the caller closes it.
   *
   * @throws java.nio.file.NoSuchFileException if it does not exist
   */
  FileChannel openRead(Path file) throws IOException;

  /**
   * Creates {@code file}, empty, and opens it for positional reads and writes, {@code force},
   * {@code size} and {@code truncate}. When {@code durability} forces, the new name survives a
   * power loss once this returns; data written later is durable once {@code force} returns.
   *
   * @throws java.nio.file.FileAlreadyExistsException if it exists
   */
  FileChannel create(Path file, Durability durability) throws IOException;

  /**
   * Opens an existing {@code file} as {@link #create} does.
   *
   * @throws java.nio.file.NoSuchFileException if it does not exist
   */
  FileChannel openWrite(Path file) throws IOException;

  /** Whether {@code file} exists. */
  boolean exists(Path file) throws IOException;

  /** Creates {@code dir} and its parents if missing. */
  void createDirectories(Path dir) throws IOException;

  /** The names (not paths) of the entries of {@code dir}, in no order; empty if it is missing. */
  List<String> list(Path dir) throws IOException;

  /** Deletes {@code file} if it exists; returns whether it did. */
  boolean deleteIfExists(Path file) throws IOException;

  /**
   * A value that changes whenever {@code file} is replaced or its size changes (compared with
   * {@code equals}); null if it does not exist or cannot be read. Readers poll it to notice a new
   * manifest.
   */
  Object changeStamp(Path file);

  /**
   * Takes the single-writer lock of the store in {@code dir}; closing the result releases it.
   *
   * @throws dev.linebase.io.FileLock.LockedException if another holder has it
   */
  Closeable lockStore(Path dir) throws IOException;

  /**
   * Takes the multi-writer compaction lock of the store in {@code dir} without waiting, or returns
   * null when another holder has it; closing the result releases it.
   */
  Closeable tryLockCompaction(Path dir) throws IOException;
}
