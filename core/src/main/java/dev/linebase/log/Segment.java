package dev.linebase.log;

import dev.linebase.index.LineIndex;
import dev.linebase.index.SidecarMode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One segment file as seen by readers: its base line, its path, a shared read channel (positional
 * reads only, so one channel serves every reader thread) and its sparse line index: the in-memory
 * {@link Checkpoints} the writer kept for a segment it wrote in this session, or else, once the
 * segment is sealed, a {@link LineIndex} with its {@code .lbidx} sidecar, opened on first use
 * (loaded if fresh, rebuilt if missing or stale).
 *
 * <p>Thread-safe. Closing it closes the read channel; reads in flight then fail with {@link
 * java.nio.channels.ClosedChannelException}, which readers report as {@link
 * LogTruncatedException} when the segment was deleted.
 */
final class Segment implements Closeable {
  final long base;
  final Path path;
  /** Whether a sealed segment's LineIndex may write its sidecar (never for read-only logs). */
  final SidecarMode sidecarMode;
  private LineIndex index;
  private volatile Checkpoints checkpoints;
  /** Size of a sealed segment, or -1 while it is (or may be) active. */
  private volatile long sealedBytes = -1;

  private FileChannel channel;
  private boolean closed;

  Segment(long base, Path path, SidecarMode sidecarMode) {
    this.base = base;
    this.path = path;
    this.sidecarMode = sidecarMode;
  }

  /** The sealed segment's LineIndex, or null until {@link #index(LineIndex)} attaches one. */
  synchronized LineIndex index() {
    return index;
  }

  synchronized void index(LineIndex index) throws IOException {
    if (closed) {
      index.close();
      throw new java.nio.channels.ClosedChannelException();
    }
    this.index = index;
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
    try {
      if (index != null) {
        index.close();
        index = null;
      }
    } finally {
      if (channel != null) {
        channel.close();
        channel = null;
      }
    }
  }

  @Override
  public String toString() {
    return path.getFileName().toString();
  }
}
