package dev.linebase.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes whole files so that a reader, or the next open after a crash, sees either the old
 * content or the new content and never a mixture: write {@code <name>.tmp}, force it, rename it
 * over the target atomically, force the directory. Used for every derived or small file Linebase
 * owns: sidecar indexes, manifests, checkpoints, snapshots, columnar files.
 *
 * <p>This class is stateless and thread-safe; two threads replacing the same target concurrently
 * must be serialized by the caller (the last rename wins).
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes the body of a file to an output stream. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Atomically replaces {@code target} with {@code bytes}. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /**
   * Atomically replaces {@code target} with what {@code body} writes. If {@code body} or any step
   * fails, the temporary file is removed and {@code target} is unchanged.
   */
  public static void write(Path target, Body body) throws IOException {
    write(target, body, Durability.SYNC);
  }

  /**
   * As {@link #write(Path, Body)}, but forces the file and the directory only when
   * {@code durability} forces: under {@link Durability#NONE} the replacement is still atomic for
   * readers and across a process crash, not across a power loss.
   */
  public static void write(Path target, Body body, Durability durability) throws IOException {
    boolean force = durability.forces();
    Path tmp = tempFor(target);
    boolean done = false;
    try {
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        OutputStream out = Channels.newOutputStream(ch);
        body.writeTo(out);
        out.flush();
        if (force) {
          ch.force(true);
        }
      }
      move(tmp, target);
      done = true;
      if (force) {
        forceDirectory(parentOf(target));
      }
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** The temporary name used while replacing {@code target}: {@code <name>.tmp} beside it. */
  public static Path tempFor(Path target) {
    return target.resolveSibling(target.getFileName().toString() + ".tmp");
  }

  /** Renames {@code source} over {@code target} atomically, then forces the directory. */
  public static void rename(Path source, Path target) throws IOException {
    move(source, target);
    forceDirectory(parentOf(target));
  }

  private static void move(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("file system of " + target + " cannot rename atomically", e);
    }
  }

  /**
   * Forces a directory's entries (creations, renames, deletions) to stable storage. On file
   * systems or platforms where a directory cannot be opened for this, it is a no-op.
   */
  public static void forceDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      if (!Files.isDirectory(dir)) {
        throw new IOException("not a directory: " + dir, e);
      }
      // Some platforms (Windows) cannot open a directory; their renames are durable on return.
    }
  }

  /** Reads {@code length} bytes at {@code position}, failing if the file ends before that. */
  public static void readFully(FileChannel ch, ByteBuffer dst, long position, Path pathForErrors)
      throws IOException {
    long pos = position;
    while (dst.hasRemaining()) {
      int n = ch.read(dst, pos);
      if (n < 0) {
        throw new java.io.EOFException(
            pathForErrors + ": unexpected end of file at byte offset " + pos);
      }
      pos += n;
    }
  }

  /** Writes all of {@code src} at {@code position}. */
  public static void writeFully(FileChannel ch, ByteBuffer src, long position) throws IOException {
    long pos = position;
    while (src.hasRemaining()) {
      pos += ch.write(src, pos);
    }
  }

  private static Path parentOf(Path target) {
    Path parent = target.toAbsolutePath().getParent();
    if (parent == null) {
      throw new IllegalArgumentException("no parent directory: " + target);
    }
    return parent;
  }
}
