package dev.linebase.store;

import dev.linebase.io.AtomicFiles;
import dev.linebase.io.Durability;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a store's files live. Files are named by absolute, normalized paths under the store
 * directory (made by {@link StoreFiles}); a backend need not put them on a file system, it only
 * has to keep the contract of each method. {@link FileSystemBackend} is the default.
 *
 * <p>Not yet routed through this interface (the store still uses the file system directly for
 * them): WAL scans and appends ({@link WalFile}), snapshots ({@link SnapshotFile},
 * {@link SnapshotStream}) and the locks ({@link StoreLock}, {@link CompactionLock}).
 *
 * <p>Implementations must be thread-safe: the commit leader, a background checkpoint and readers
 * call them concurrently (on different files, except that readers may read a file while it is
 * atomically replaced, and must see the old or the new contents, never a mix).
 */
interface StoreBackend {
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

  /** Whether {@code file} exists. */
  boolean exists(Path file) throws IOException;

  /** Creates {@code dir} and its parents if missing. */
  void createDirectories(Path dir) throws IOException;

  /** The names (not paths) of the entries of {@code dir}, in no order; empty if it is missing. */
  List<String> list(Path dir) throws IOException;

  /** Deletes {@code file} if it exists; returns whether it did. */
  boolean deleteIfExists(Path file) throws IOException;
}
