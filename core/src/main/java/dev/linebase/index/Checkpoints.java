package dev.linebase.index;

import java.util.Arrays;

/**
 * The sparse line table of one indexed file: where every {@code interval}-th line starts.
 *
 * <p>Lines are grouped in <em>blocks</em> (one per chunk of a parallel build, usually one to a
 * few). Block {@code b} covers lines {@code [blockFirstLine[b], blockFirstLine[b+1])} (the last
 * block runs to {@link #totalLines()}); its checkpoints are {@code offsets[blockFirstCheckpoint[b]
 * ..]} and checkpoint {@code j} of the block is the byte offset of line {@code blockFirstLine[b] +
 * j * interval}. So every line has a checkpoint at most {@code interval - 1} lines before it, and
 * a block's first line always has one. Blocks let build threads record checkpoints without knowing
 * how many lines the chunks before theirs hold.
 *
 * <p>Invariants: block 0 starts at line 0 and checkpoint 0; block first lines and first
 * checkpoints strictly increase; offsets strictly increase; a block of {@code n} lines has {@code
 * ceil(n / interval)} checkpoints.
 *
 * <p>Immutable after construction and thread-safe. The offsets array may be longer than {@link
 * #checkpointCount()} and may be shared with the {@code Checkpoints} that an append extended:
 * an extension only writes slots past every earlier instance's count.
 */
final class Checkpoints {
  private final int interval;
  private final long totalLines;
  private final long[] blockFirstLine;
  private final int[] blockFirstCheckpoint;
  private final long[] offsets;
  private final int count;

  Checkpoints(
      int interval, long totalLines, long[] blockFirstLine, int[] blockFirstCheckpoint,
      long[] offsets, int count) {
    this.interval = interval;
    this.totalLines = totalLines;
    this.blockFirstLine = blockFirstLine;
    this.blockFirstCheckpoint = blockFirstCheckpoint;
    this.offsets = offsets;
    this.count = count;
  }

  /** The table of an empty file. */
  static Checkpoints empty(int interval) {
    return new Checkpoints(interval, 0, new long[0], new int[0], new long[0], 0);
  }

  int interval() {
    return interval;
  }

  long totalLines() {
    return totalLines;
  }

  int blockCount() {
    return blockFirstLine.length;
  }

  long blockFirstLine(int b) {
    return blockFirstLine[b];
  }

  int blockFirstCheckpoint(int b) {
    return blockFirstCheckpoint[b];
  }

  int checkpointCount() {
    return count;
  }

  long offset(int checkpoint) {
    return offsets[checkpoint];
  }

  /** The shared offsets array; slots past {@link #checkpointCount()} are not part of this table. */
  long[] offsetsArray() {
    return offsets;
  }

  /** Index of the block holding {@code line} (which must be in range). */
  int blockOf(long line) {
    int lo = 0;
    int hi = blockFirstLine.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (blockFirstLine[mid] <= line) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** Index of the checkpoint at or before {@code line} (which must be in range). */
  int checkpointAtOrBefore(long line) {
    int b = blockOf(line);
    return blockFirstCheckpoint[b] + (int) ((line - blockFirstLine[b]) / interval);
  }

  /** The line number that checkpoint {@code c} points at. */
  long lineOf(int checkpoint) {
    int lo = 0;
    int hi = blockFirstCheckpoint.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (blockFirstCheckpoint[mid] <= checkpoint) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return blockFirstLine[lo] + (long) (checkpoint - blockFirstCheckpoint[lo]) * interval;
  }

  /**
   * Checks the invariants against a file of {@code fileBytes} bytes, returning a description of
   * the first violation or null.
   */
  String problem(long fileBytes) {
    if (interval <= 0) {
      return "interval <= 0: " + interval;
    }
    if (totalLines == 0) {
      return fileBytes == 0 && blockFirstLine.length == 0 && count == 0
          ? null : "no lines in a file of " + fileBytes + " bytes";
    }
    if (fileBytes == 0) {
      return totalLines + " lines in an empty file";
    }
    if (blockFirstLine.length == 0 || blockFirstLine.length != blockFirstCheckpoint.length) {
      return "bad block table";
    }
    if (count <= 0 || count > offsets.length) {
      return "bad checkpoint count " + count;
    }
    if (blockFirstLine[0] != 0 || blockFirstCheckpoint[0] != 0 || offsets[0] != 0) {
      return "first block does not start at line 0, byte 0";
    }
    for (int b = 0; b < blockFirstLine.length; b++) {
      long lines = (b + 1 < blockFirstLine.length ? blockFirstLine[b + 1] : totalLines) - blockFirstLine[b];
      int cps = (b + 1 < blockFirstCheckpoint.length ? blockFirstCheckpoint[b + 1] : count) - blockFirstCheckpoint[b];
      if (lines <= 0 || cps <= 0 || cps != (lines + interval - 1) / interval) {
        return "block " + b + " has " + lines + " lines and " + cps + " checkpoints";
      }
    }
    for (int c = 1; c < count; c++) {
      if (offsets[c] <= offsets[c - 1]) {
        return "checkpoint " + c + " does not increase";
      }
    }
    if (offsets[count - 1] >= fileBytes) {
      return "checkpoint past the end of the file";
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Checkpoints)) {
      return false;
    }
    Checkpoints other = (Checkpoints) o;
    return interval == other.interval
        && totalLines == other.totalLines
        && Arrays.equals(blockFirstLine, other.blockFirstLine)
        && Arrays.equals(blockFirstCheckpoint, other.blockFirstCheckpoint)
        && Arrays.equals(offsets, 0, count, other.offsets, 0, other.count);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(totalLines) * 31 + count;
  }

  @Override
  public String toString() {
    return "Checkpoints[interval=" + interval + ", lines=" + totalLines + ", blocks="
        + blockFirstLine.length + ", checkpoints=" + count + "]";
  }
}
