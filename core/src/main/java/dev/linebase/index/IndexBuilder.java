package dev.linebase.index;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Builds and extends {@link Checkpoints} in one pass over the file, read in large positional
 * reads and scanned 32 bytes per step ({@link Newlines}), without creating any object per line.
 *
 * <p>Line starts: byte 0 of a non-empty file, and every byte right after a {@code '\n'} except
 * the end of the file. So the scan covers {@code [0, size - 1)}: a newline in the last byte ends
 * the last line and starts none. A parallel build splits that range into one slice per thread;
 * each thread counts its slice's line starts and records a checkpoint every {@code interval}
 * lines counted from its slice's first line start, giving one block per slice; blocks are then
 * numbered by prefix sums. Appended bytes extend the last block sequentially, so a refresh never
 * adds blocks and never re-reads old bytes.
 *
 * <p>Stateless and thread-safe.
 */
final class IndexBuilder {
  /** Bytes scanned between two progress reports. */
  private static final int STEP_BYTES = 8 << 20;
  private static final AtomicInteger THREAD_IDS = new AtomicInteger();

  private IndexBuilder() {}

  /**
   * Indexes all {@code src.size()} bytes with up to {@code threads} threads, each taking at least
   * {@code minBytesPerThread} bytes.
   */
  static Checkpoints build(
      Source src, int interval, int threads, long minBytesPerThread, BuildProgress progress)
      throws IOException {
    long size = src.size();
    progress.update(0, size);
    if (size == 0) {
      return Checkpoints.empty(interval);
    }
    long scanBytes = size - 1;
    int slices = (int) Math.max(1, Math.min(threads, scanBytes / Math.max(1, minBytesPerThread)));
    BlockScan[] scans = new BlockScan[slices];
    for (int t = 0; t < slices; t++) {
      scans[t] = new BlockScan(interval, new long[16], 0, 0);
    }
    scans[0].lineStart(0);
    long[] bounds = new long[slices + 1];
    for (int t = 0; t <= slices; t++) {
      bounds[t] = scanBytes / slices * t + Math.min(t, scanBytes % slices);
    }
    if (slices == 1) {
      long[] done = new long[1];
      scans[0].scan(src, 0, scanBytes, n -> progress.update(done[0] += n, size));
    } else {
      runParallel(src, scans, bounds, progress);
    }
    progress.update(size, size);
    return stitch(interval, scans);
  }

  private static void runParallel(Source src, BlockScan[] scans, long[] bounds,
      BuildProgress progress) throws IOException {
    AtomicLong scanned = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(scans.length, r -> {
      Thread t = new Thread(r, "linebase-index-build-" + THREAD_IDS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < scans.length; t++) {
        BlockScan scan = scans[t];
        long from = bounds[t];
        long to = bounds[t + 1];
        futures.add(pool.submit(() -> {
          scan.scan(src, from, to, scanned::addAndGet);
          return null;
        }));
      }
      long reported = 0;
      for (Future<?> f : futures) {
        while (true) {
          try {
            f.get(50, TimeUnit.MILLISECONDS);
            break;
          } catch (TimeoutException e) {
            long now = scanned.get();
            if (now > reported) {
              reported = now;
              progress.update(now, src.size());
            }
          }
        }
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IllegalStateException("index build failed", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while indexing " + src.path());
    } finally {
      pool.shutdownNow();
    }
  }

  private static Checkpoints stitch(int interval, BlockScan[] scans) {
    int blocks = 0;
    long cps = 0;
    for (BlockScan s : scans) {
      if (s.lines > 0) {
        blocks++;
        cps += s.cpCount;
      }
    }
    if (cps > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException(
          "too many checkpoints (" + cps + "); use a larger checkpointIntervalLines than " + interval);
    }
    long[] firstLine = new long[blocks];
    int[] firstCp = new int[blocks];
    long[] offsets = new long[(int) cps];
    long line = 0;
    int cp = 0;
    int b = 0;
    for (BlockScan s : scans) {
      if (s.lines == 0) {
        continue;
      }
      firstLine[b] = line;
      firstCp[b] = cp;
      System.arraycopy(s.cps, 0, offsets, cp, s.cpCount);
      line += s.lines;
      cp += s.cpCount;
      b++;
    }
    return new Checkpoints(interval, line, firstLine, firstCp, offsets, cp);
  }

  /**
   * Extends {@code old}, which indexes the first {@code oldSize} bytes, to all {@code
   * src.size()} bytes. The old bytes must be unchanged. An unterminated last line simply
   * continues: its start stays where it was, so it is never split in two.
   */
  static Checkpoints extend(Checkpoints old, long oldSize, Source src, BuildProgress progress)
      throws IOException {
    long size = src.size();
    if (oldSize == 0) {
      return build(src, old.interval(), 1, Long.MAX_VALUE, progress);
    }
    long newBytes = size - oldSize;
    progress.update(0, newBytes);
    int lastBlock = old.blockCount() - 1;
    long blockFirstLine = old.blockFirstLine(lastBlock);
    int blockFirstCp = old.blockFirstCheckpoint(lastBlock);
    BlockScan scan = new BlockScan(old.interval(), old.offsetsArray(), old.checkpointCount(),
        old.totalLines() - blockFirstLine);
    scan.nextCp = (long) (old.checkpointCount() - blockFirstCp) * old.interval();
    long[] done = new long[1];
    // The byte before the old end is scanned again: if it is '\n', the first new byte starts a
    // line; if not, the old last line goes on.
    scan.scan(src, oldSize - 1, size - 1, n -> progress.update(Math.min(done[0] += n, newBytes), newBytes));
    progress.update(newBytes, newBytes);
    long[] firstLines = new long[old.blockCount()];
    int[] firstCps = new int[old.blockCount()];
    for (int b = 0; b < firstLines.length; b++) {
      firstLines[b] = old.blockFirstLine(b);
      firstCps[b] = old.blockFirstCheckpoint(b);
    }
    return new Checkpoints(old.interval(), blockFirstLine + scan.lines, firstLines, firstCps,
        scan.cps, scan.cpCount);
  }

  /** Line starts and checkpoints of one block while it is being scanned. Not thread-safe. */
  private static final class BlockScan {
    final int interval;
    long lines;
    long nextCp;
    long[] cps;
    int cpCount;

    BlockScan(int interval, long[] cps, int cpCount, long lines) {
      this.interval = interval;
      this.cps = cps;
      this.cpCount = cpCount;
      this.lines = lines;
    }

    void lineStart(long offset) {
      if (lines == nextCp) {
        add(offset);
        nextCp += interval;
      }
      lines++;
    }

    void add(long offset) {
      if (cpCount == cps.length) {
        if (cps.length >= Integer.MAX_VALUE - 16) {
          throw new IllegalStateException(
              "too many checkpoints; use a larger checkpointIntervalLines than " + interval);
        }
        cps = Arrays.copyOf(cps, (int) Math.min(Integer.MAX_VALUE - 16L, cps.length * 2L));
      }
      cps[cpCount++] = offset;
    }

    /**
     * Scans file bytes {@code [from, to)}, read with positional reads into a buffer of at most
     * {@code bufferBytes}; each newline at {@code q} starts a line at {@code q + 1}. Plain reads
     * beat scanning a fresh memory mapping several times over: the kernel copies page-cached
     * bytes faster than it can fault the mapping's pages in.
     */
    void scan(Source src, long from, long to, LongConsumer stepDone) throws IOException {
      ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(src.bufferBytes, Math.max(8, to - from)))
          .order(ByteOrder.LITTLE_ENDIAN);
      long pos = from;
      long sinceReport = 0;
      while (pos < to) {
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), to - pos));
        while (buf.hasRemaining()) {
          int n = src.channel.read(buf, pos + buf.position());
          if (n < 0) {
            throw new FileChangedException(src.path, "truncated to " + (pos + buf.position())
                + " bytes while being indexed (expected " + src.size + ")");
          }
        }
        int n = buf.position();
        scanBuffer(buf, pos, n);
        pos += n;
        sinceReport += n;
        if (sinceReport >= STEP_BYTES || pos >= to) {
          stepDone.accept(sinceReport);
          sinceReport = 0;
        }
      }
    }

    private void scanBuffer(ByteBuffer bb, long base, int to) {
      long lines = this.lines;
      long next = this.nextCp;
      int i = 0;
      // Four words per step; their masks shifted by 0..3 bits never overlap, so one bitCount
      // counts the newlines of all 32 bytes.
      int blockEnd = to - 31;
      for (; i < blockEnd; i += 32) {
        long m0 = Newlines.mask(bb.getLong(i));
        long m1 = Newlines.mask(bb.getLong(i + 8));
        long m2 = Newlines.mask(bb.getLong(i + 16));
        long m3 = Newlines.mask(bb.getLong(i + 24));
        int c = Long.bitCount(m0 | (m1 >>> 1) | (m2 >>> 2) | (m3 >>> 3));
        if (lines + c <= next) {
          lines += c;
          continue;
        }
        for (int w = 0; w < 4; w++) {
          long m = w == 0 ? m0 : w == 1 ? m1 : w == 2 ? m2 : m3;
          long at = base + i + 8 * w + 1;
          while (m != 0) {
            if (lines == next) {
              add(at + (Long.numberOfTrailingZeros(m) >>> 3));
              next += interval;
            }
            lines++;
            m &= m - 1;
          }
        }
      }
      for (; i < to; i++) {
        if (bb.get(i) == '\n') {
          if (lines == next) {
            add(base + i + 1);
            next += interval;
          }
          lines++;
        }
      }
      this.lines = lines;
      this.nextCp = next;
    }
  }

  /** The file being scanned. */
  record Source(FileChannel channel, Path path, long size, int bufferBytes) {}
}
