package dev.linebase.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * The first {@code size} bytes of a file, memory-mapped read-only in chunks of at most {@code
 * chunkBytes} (1 GiB by default), so files far beyond 2 GiB are addressed with {@code long}
 * offsets. Chunks do not overlap; searches and copies that cross a chunk boundary continue in the
 * next chunk.
 *
 * <p>Mappings are released by the garbage collector (no unmap hacks). When the file grows, {@link
 * #extendTo} maps only the last partial chunk again and reuses every full one.
 *
 * <p>Immutable and thread-safe: buffers are only read with absolute methods. If the file is
 * truncated under a mapping, reading a page past the new end raises {@link InternalError}
 * (SIGBUS); {@link LineIndex} turns that into a {@link FileChangedException}.
 */
final class MappedFile {
  private static final ByteBuffer[] NONE = new ByteBuffer[0];

  private final long size;
  private final int chunkBytes;
  private final ByteBuffer[] chunks;

  private MappedFile(long size, int chunkBytes, ByteBuffer[] chunks) {
    this.size = size;
    this.chunkBytes = chunkBytes;
    this.chunks = chunks;
  }

  /** Maps the first {@code size} bytes of {@code channel}. */
  static MappedFile map(FileChannel channel, long size, int chunkBytes) throws IOException {
    return new MappedFile(0, chunkBytes, NONE).extendTo(channel, size);
  }

  /** A mapping of the first {@code newSize >= size()} bytes, reusing this one's full chunks. */
  MappedFile extendTo(FileChannel channel, long newSize) throws IOException {
    if (newSize < size) {
      throw new IllegalArgumentException("newSize < size: " + newSize + " < " + size);
    }
    long count = (newSize + chunkBytes - 1) / chunkBytes;
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("file too large for chunk size " + chunkBytes + ": " + newSize);
    }
    ByteBuffer[] mapped = new ByteBuffer[(int) count];
    for (int i = 0; i < mapped.length; i++) {
      long start = (long) i * chunkBytes;
      long length = Math.min(chunkBytes, newSize - start);
      if (i < chunks.length && chunks[i].capacity() == length) {
        mapped[i] = chunks[i];
      } else {
        mapped[i] = channel.map(FileChannel.MapMode.READ_ONLY, start, length)
            .order(ByteOrder.LITTLE_ENDIAN);
      }
    }
    return new MappedFile(newSize, chunkBytes, mapped);
  }

  long size() {
    return size;
  }

  int chunkBytes() {
    return chunkBytes;
  }

  int chunkCount() {
    return chunks.length;
  }

  /** The mapped buffer of chunk {@code i}, which starts at file offset {@code i * chunkBytes}. */
  ByteBuffer chunk(int i) {
    return chunks[i];
  }

  byte get(long position) {
    return chunks[(int) (position / chunkBytes)].get((int) (position % chunkBytes));
  }

  /**
   * File offset of the {@code k}-th ({@code k >= 1}) newline in {@code [from, to)}, or -1 if the
   * range holds fewer than {@code k}.
   */
  long nthNewline(long from, long to, long k) {
    long remaining = k;
    long pos = from;
    while (pos < to) {
      int c = (int) (pos / chunkBytes);
      long base = (long) c * chunkBytes;
      int end = (int) (Math.min(to, base + chunks[c].capacity()) - base);
      long r = Newlines.nth(chunks[c], (int) (pos - base), end, remaining);
      if (r >= 0) {
        return base + r;
      }
      remaining -= -r - 1;
      pos = base + end;
    }
    return -1;
  }

  /** Copies {@code [position, position + length)} into {@code dst[offset..]}. */
  void copy(long position, byte[] dst, int offset, int length) {
    long pos = position;
    int off = offset;
    int left = length;
    while (left > 0) {
      int c = (int) (pos / chunkBytes);
      int in = (int) (pos % chunkBytes);
      int n = Math.min(left, chunks[c].capacity() - in);
      chunks[c].get(in, dst, off, n);
      pos += n;
      off += n;
      left -= n;
    }
  }
}
