package dev.linebase.log;

import dev.linebase.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The {@link WriterMode#SHARED} write path: each batch is copied into one reused direct buffer
 * and written with one positional {@code write(2)} at the end, so the file never holds bytes past
 * its last line except a torn line a killed writer left (which the next writer cuts under the
 * lock). {@link #force(long)} is {@code fdatasync} of the whole file, which also covers lines
 * other processes wrote.
 */
final class ChannelAppender implements SharedAppender {
  private final Path path;
  private final FileChannel ch;
  private ByteBuffer scratch = ByteBuffer.allocateDirect(64 * 1024);
  private long size;
  private boolean closed;

  private ChannelAppender(Path path, FileChannel ch, long size) {
    this.path = path;
    this.ch = ch;
    this.size = size;
  }

  static ChannelAppender open(Path path, long size) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new ChannelAppender(path, ch, size);
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public FileChannel channel() {
    return ch;
  }

  @Override
  public void size(long realSize) {
    this.size = realSize;
  }

  /** Nothing to do: a positional write never leaves bytes past the end of its line. */
  @Override
  public void release() {}

  @Override
  public long size() {
    return size;
  }

  private ByteBuffer scratch(long bytes) {
    if (bytes > scratch.capacity()) {
      if (bytes > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("batch of " + bytes + " bytes is too large");
      }
      scratch = ByteBuffer.allocateDirect((int) Math.max(bytes, scratch.capacity() * 2L));
    }
    scratch.clear();
    return scratch;
  }

  @Override
  public void append(byte[] record) throws IOException {
    ByteBuffer b = scratch(record.length + 1L);
    b.put(record).put((byte) '\n').flip();
    AtomicFiles.writeFully(ch, b, size);
    size += record.length + 1;
  }

  @Override
  public void append(List<byte[]> records, long totalBytes) throws IOException {
    ByteBuffer b = scratch(totalBytes);
    for (byte[] rec : records) {
      b.put(rec).put((byte) '\n');
    }
    b.flip();
    AtomicFiles.writeFully(ch, b, size);
    size += totalBytes;
  }

  @Override
  public synchronized void force(long upTo) throws IOException {
    if (!closed) {
      ch.force(false);
    }
  }

  @Override
  public synchronized void seal() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      ch.force(true);
    } finally {
      ch.close();
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      ch.close();
    }
  }
}
