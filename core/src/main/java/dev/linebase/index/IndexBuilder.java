package dev.linebase.index;

import java.nio.ByteBuffer;
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
 * Builds and extends {@link Checkpoints} in one pass over mapped bytes, eight bytes per step
 * ({@link Newlines}), without creating any object per line.
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
  /** Bytes scanned between two progress reports and cancellation points. */
  private static final int STEP_BYTES = 8 << 20;
  private static final AtomicInteger THREAD_IDS = new AtomicInteger();

  private IndexBuilder() {}

  /**
   * Indexes all {@code mf.size()} bytes with up to {@code threads} threads, each taking at least
   * {@code minBytesPerThread} bytes.
   */
  static Checkpoints build(
      MappedFile mf, int interval, int threads, long minBytesPerThread, BuildProgress progress) {
    long size = mf.size();
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
      scans[0].scan(mf, 0, scanBytes, n -> progress.update(done[0] += n, size));
      progress.update(size, size);
    } else {
      runParallel(mf, scans, bounds, progress, size);
    }
    return stitch(interval, scans);
  }

  private static void runParallel(
      MappedFile mf, BlockScan[] scans, long[] bounds, BuildProgress progress, long size) {
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
        futures.add(pool.submit(() -> scan.scan(mf, from, to, n -> {
          scanned.addAndGet(n);
          if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("index build cancelled");
          }
        })));
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
              progress.update(now, size);
            }
          }
        }
      }
      progress.update(size, size);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IllegalStateException("index build failed", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the index", e);
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
   * Extends {@code old}, which indexes the first {@code oldSize} bytes, to all of {@code mf}.
   * The old bytes must be unchanged. An unterminated last line simply continues: its start stays
   * where it was, so it is never split in two.
   */
  static Checkpoints extend(Checkpoints old, long oldSize, MappedFile mf, BuildProgress progress) {
    long size = mf.size();
    if (oldSize == 0) {
      return build(mf, old.interval(), 1, Long.MAX_VALUE, progress);
    }
    progress.update(0, size - oldSize);
    int lastBlock = old.blockCount() - 1;
    long blockFirstLine = old.blockFirstLine(lastBlock);
    int blockFirstCp = old.blockFirstCheckpoint(lastBlock);
    long[] offsets = old.offsetsArray();
    if (offsets.length == 0) {
      offsets = new long[16];
    }
    BlockScan scan = new BlockScan(old.interval(), offsets, old.checkpointCount(),
        old.totalLines() - blockFirstLine);
    scan.nextCp = (long) (old.checkpointCount() - blockFirstCp) * old.interval();
    long[] done = new long[1];
    scan.scan(mf, oldSize - 1, size - 1, n -> progress.update(done[0] += n, size - oldSize));
    progress.update(size - oldSize, size - oldSize);
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

    /** Scans file bytes {@code [from, to)}; each newline at {@code q} starts a line at q + 1. */
    void scan(MappedFile mf, long from, long to, LongConsumer stepDone) {
      long pos = from;
      while (pos < to) {
        int c = (int) (pos / mf.chunkBytes());
        long base = (long) c * mf.chunkBytes();
        ByteBuffer bb = mf.chunk(c);
        long stepEnd = Math.min(Math.min(to, base + bb.capacity()), pos + STEP_BYTES);
        scanChunk(bb, base, (int) (pos - base), (int) (stepEnd - base));
        stepDone.accept(stepEnd - pos);
        pos = stepEnd;
      }
    }

    private void scanChunk(ByteBuffer bb, long base, int from, int to) {
      long lines = this.lines;
      long next = this.nextCp;
      int i = from;
      int wordEnd = to - 7;
      for (; i < wordEnd; i += 8) {
        long m = Newlines.mask(bb.getLong(i));
        if (m != 0) {
          int c = Long.bitCount(m);
          if (lines + c > next) {
            do {
              if (lines == next) {
                add(base + i + (Long.numberOfTrailingZeros(m) >>> 3) + 1);
                next += interval;
              }
              lines++;
              m &= m - 1;
            } while (m != 0);
          } else {
            lines += c;
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
}
