package dev.linebase.store;

import dev.linebase.jsonl.Records;
import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Appends to a WAL file through a shared memory map, so that a caller under
 * {@link dev.linebase.io.Durability#NONE} pays a memory copy instead of a {@code write} system
 * call per op. Bytes stored into a shared mapping are in the operating system's page cache at once:
 * other processes reading the file with {@code read} see them, and they survive the writer being
 * killed ({@code kill -9}) exactly like bytes passed to {@code write}. They are not durable against
 * a power loss until forced, which {@code NONE} does not promise anyway. Forcing policies use
 * {@link Mode#WRITE}: the same padding ahead of the end, but appends are {@code write}s over it,
 * so that the per-group {@code fdatasync} only flushes data (the size changed once per window).
 *
 * <p>Layout on disk while mapped. A window is a region {@code [start, start + bytes)} at the
 * logical end of the file. Before mapping it, the file is extended with ASCII spaces (0x20) by an
 * ordinary {@code write}, never with a sparse {@code truncate}: the blocks are allocated (a full
 * disk is an {@code IOException} here, not a {@code SIGBUS} later) and the bytes past the logical
 * end are never NUL. So at every instant, and after a crash at any instant, the file is
 *
 * <pre>
 * complete op lines, each ending in \n
 * [one op line being copied, without its \n yet]
 * spaces up to the physical end (at most one window, 1 MiB)
 * </pre>
 *
 * Readers handle that tail without knowing about it: opslog's {@code readOps} trims the content
 * before splitting it into lines (trailing spaces vanish; a partial line is a malformed last line it
 * skips); Linebase's {@link WalFile#scan} sees an unterminated last line, which it reports as
 * padding when it is all spaces and as a torn tail otherwise; a writer recovering the file
 * truncates it either way. Each line's {@code \n} is stored after a release fence that follows the
 * line's other bytes, so a line is never terminated before it is whole. {@link WalFile#close}
 * truncates the padding, so a cleanly closed WAL is byte for byte what the write path produces.
 *
 * <p>Known limit: a {@code kill -9} that lands during the copy of a line (tens of nanoseconds per
 * op) leaves that unacknowledged line half written, followed by spaces. Linebase cuts it on
 * reopen. opslog opened <em>first</em> skips it as malformed, but its next {@code appendFile}
 * lands after it on the same line, so its own first op after the crash is unreadable to both
 * libraries (and Linebase then reports the damage instead of skipping it). The write path has the
 * same hazard only if a kill tears a {@code write}, which for small writes does not happen.
 * Reopening with Linebase after a crash, before opslog, avoids it.
 *
 * <p>Once windows are at their largest, the padding of the next window is written on a shared
 * background thread while the writer fills the current one ({@link Mode#MAP} only): padding is
 * as many bytes as the ops themselves, and writing it on the writer's thread was about a fifth of
 * a sequential {@code set} (profiled). The background write extends the file past the current
 * window only, never touching bytes the writer stores; the writer waits for it before it maps the
 * next window, and {@link #quiesce()} waits for it before the file is cut.
 *
 * <p>Windows grow from 16 KiB to 1 MiB per file (a store that checkpoints every 100 ops pads a
 * little, a long WAL maps rarely). A chunk larger than the largest window, or a channel that cannot
 * be mapped (a non-file-system backend), makes {@link #append} return false and the caller writes
 * through the channel instead; that is correct at any time, since it overwrites padding. Mapped
 * buffers are unmapped by the garbage collector (Java 17 has no supported way to unmap); a window
 * is never touched after the file is truncated below it. Not thread-safe: used by the WAL's single
 * writer (the commit leader).
 */
final class WalMapping {
  static final byte PAD = ' ';
  private static final byte NEWLINE = '\n';
  static final int MIN_WINDOW_BYTES = 16 << 10;
  static final int MAX_WINDOW_BYTES = 1 << 20;
  private static final byte[] SPACES = filled(64 << 10);

  /** How appends reach the padded region. */
  enum Mode {
    /**
     * Stores through a memory map: no system call per append (policies that do not force, with
     * callers that wait for each write).
     */
    MAP,
    /**
     * Plain {@code write}s at the end of the file, no padding: ASYNC mode, whose flusher writes
     * large groups off the callers' thread (one system call per group already).
     */
    PLAIN,
    /**
     * The caller writes with {@code write} over the padding (forcing policies): appends are
     * overwrites inside the file's size, so {@code fdatasync} need not commit a size change per
     * group, and a force through the channel covers them (a mapped store would need
     * {@code msync} as well, a second flush).
     */
    WRITE
  }

  /** Writes the padding ahead of mapped writers: one daemon thread for the JVM. */
  private static final class Padder {
    static final Executor EXECUTOR = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "linebase-wal-pad");
      t.setDaemon(true);
      return t;
    });
  }

  private final FileChannel channel;
  private final Mode mode;
  /** The padding of the next window being written in the background: its new physical end. */
  private CompletableFuture<Long> ahead;
  private MappedByteBuffer window;
  private long windowStart;
  private int nextWindowBytes = MIN_WINDOW_BYTES;
  /** The file's physical size as this writer left it (logical end plus padding). */
  private long physicalEnd;
  private boolean unsupported;

  WalMapping(FileChannel channel, long physicalEnd, Mode mode) {
    this.channel = channel;
    this.physicalEnd = physicalEnd;
    this.mode = mode;
  }

  /**
   * Stores {@code b[off, off + len)} at file offset {@code at}, the WAL's logical end. Returns
   * false, having written nothing, when the caller must use the channel instead.
   */
  boolean append(long at, byte[] b, int off, int len) throws IOException {
    if (mode == Mode.PLAIN) {
      return false;
    }
    if (mode == Mode.WRITE) {
      if (physicalEnd < at + len && len <= MAX_WINDOW_BYTES) {
        int bytes = Math.max(nextWindowBytes, len);
        physicalEnd = pad(channel, physicalEnd, at + bytes);
        nextWindowBytes = Math.min(MAX_WINDOW_BYTES, nextWindowBytes * 2);
      }
      return false;
    }
    if (unsupported || len > MAX_WINDOW_BYTES) {
      quiesce(); // the caller's write may reach the padding being written ahead
      return false;
    }
    if (window == null || at < windowStart || at + len > windowStart + window.capacity()) {
      if (!openWindow(at, len)) {
        return false;
      }
    }
    int p = (int) (at - windowStart);
    int from = off;
    int end = off + len;
    for (int i = Records.indexOf(b, from, end, NEWLINE); i >= 0;
        i = Records.indexOf(b, from, end, NEWLINE)) {
      window.put(p + (from - off), b, from, i - from);
      VarHandle.releaseFence(); // the line's bytes before its newline
      window.put(p + (i - off), (byte) '\n');
      from = i + 1;
    }
    if (from < end) {
      window.put(p + (from - off), b, from, end - from);
    }
    return true;
  }

  /** Forces what was stored through the current window (the caller then forces the channel). */
  void force() {
    if (mode == Mode.MAP && window != null) {
      window.force();
    }
  }

  /**
   * Waits for the padding being written in the background, if any; call before cutting the file,
   * so that no padding lands past the cut afterwards. A failed background write is forgotten: the
   * file's size is learnt again, and the caller's cut or the next window decides what follows.
   */
  void quiesce() {
    CompletableFuture<Long> f = ahead;
    if (f == null) {
      return;
    }
    ahead = null;
    try {
      physicalEnd = Math.max(physicalEnd, f.join());
    } catch (CompletionException e) {
      try {
        physicalEnd = Math.max(physicalEnd, channel.size());
      } catch (IOException closed) {
        // The channel is gone; nothing will be written through this mapping again.
      }
    }
  }

  /** Forgets the window after the file was cut to {@code newSize} (never touched again). */
  void truncated(long newSize) {
    window = null;
    physicalEnd = newSize;
  }

  /** Records that the caller wrote through the channel up to {@code end}. */
  void wroteThrough(long end) {
    physicalEnd = Math.max(physicalEnd, end);
  }

  /** Whether the file holds padding past {@code logicalEnd}. */
  boolean padded(long logicalEnd) {
    return physicalEnd > logicalEnd;
  }

  private boolean openWindow(long at, int len) throws IOException {
    quiesce();
    int bytes = Math.max(nextWindowBytes, len);
    long end = at + bytes;
    if (physicalEnd < end) {
      physicalEnd = pad(channel, physicalEnd, end);
    }
    try {
      window = channel.map(FileChannel.MapMode.READ_WRITE, at, bytes);
    } catch (UnsupportedOperationException | IOException e) {
      // Not a mappable file (or no address space): the padding written is harmless.
      unsupported = true;
      window = null;
      return false;
    }
    windowStart = at;
    nextWindowBytes = Math.min(MAX_WINDOW_BYTES, nextWindowBytes * 2);
    if (nextWindowBytes == MAX_WINDOW_BYTES) {
      // A long WAL: pad the next window while this one fills (small WALs stay synchronous).
      long from = physicalEnd;
      long to = at + bytes + MAX_WINDOW_BYTES;
      FileChannel ch = channel;
      ahead = CompletableFuture.supplyAsync(() -> {
        try {
          return pad(ch, from, to);
        } catch (IOException e) {
          throw new CompletionException(e);
        }
      }, Padder.EXECUTOR);
    }
    return true;
  }

  /** Writes spaces over {@code [from, to)} of the file; returns {@code to}. */
  private static long pad(FileChannel channel, long from, long to) throws IOException {
    long at = from;
    while (at < to) {
      ByteBuffer spaces = ByteBuffer.wrap(SPACES, 0, (int) Math.min(SPACES.length, to - at));
      while (spaces.hasRemaining()) {
        at += channel.write(spaces, at);
      }
    }
    return at;
  }

  private static byte[] filled(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, PAD);
    return b;
  }
}
