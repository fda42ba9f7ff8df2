package dev.linebase.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One segment file as seen by readers: its base line, its path, a shared read channel (positional
 * reads only, so one channel serves every reader thread) and its sparse line index.
 *
 * <p>Thread-safe. Closing it closes the read channel; reads in flight then fail with {@link
 * java.nio.channels.ClosedChannelException}, which readers report as {@link
 * LogTruncatedException} when the segment was deleted.
 */
final class Segment implements Closeable {
  final long base;
  final Path path;
  private volatile Checkpoints checkpoints;
  /** Size of a sealed segment, or -1 while it is (or may be) active. */
  private volatile long sealedBytes = -1;

  private FileChannel channel;
  private boolean closed;

  Segment(long base, Path path) {
    this.base = base;
    this.path = path;
  }

  /** The shared read channel, opened on first use. */
  synchronized FileChannel channel() throws IOException {
    if (closed) {
      throw new java.nio.channels.ClosedChannelException();
    }
    if (channel == null) {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    }
    return channel;
  }

  Checkpoints checkpoints() {
    return checkpoints;
  }

  void checkpoints(Checkpoints c) {
    this.checkpoints = c;
  }

  long sealedBytes() {
    return sealedBytes;
  }

  void seal(long bytes) {
    this.sealedBytes = bytes;
  }

  boolean sealed() {
    return sealedBytes >= 0;
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  @Override
  public String toString() {
    return path.getFileName().toString();
  }
}
