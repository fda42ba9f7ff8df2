package dev.linebase.log;

import dev.linebase.index.LineIndex;
import dev.linebase.index.LineIndexOptions;
import dev.linebase.io.CorruptFileException;
import java.io.IOException;

/**
 * Where a line starts inside a segment: from the segment's in-memory {@link Checkpoints} when the
 * writer kept them (the active segment, and segments sealed in this session), else from the
 * sealed segment's {@link LineIndex} ({@code <segment>.lbidx} sidecar: loaded when fresh, rebuilt
 * when missing or stale, never written for a read-only log). Opening the index also checks that
 * the segment holds exactly {@code nextBase - base} complete lines.
 */
final class SegmentIndexes {
  private SegmentIndexes() {}

  /** A byte offset and the segment line that starts there, at or before the line asked for. */
  record Position(long offset, long lineInSegment) {}

  /**
   * The position to start reading {@code lineInSegment} of {@code seg} from. {@code nextBase} is
   * the base of the following segment, or -1 if {@code seg} is the last.
   */
  static Position floor(Segment seg, long lineInSegment, long nextBase) throws IOException {
    Checkpoints cps = seg.checkpoints();
    if (cps != null || !seg.sealed() || nextBase < 0) {
      return cps == null ? new Position(0, 0)
          : new Position(cps.floorOffset(lineInSegment), cps.floorLine(lineInSegment));
    }
    LineIndex index = index(seg, nextBase);
    if (lineInSegment >= index.totalLines()) {
      return new Position(seg.sealedBytes(), index.totalLines());
    }
    return new Position(index.span(lineInSegment).offset(), lineInSegment);
  }

  private static LineIndex index(Segment seg, long nextBase) throws IOException {
    synchronized (seg) {
      LineIndex index = seg.index();
      if (index != null) {
        return index;
      }
      index = LineIndex.open(seg.path, LineIndexOptions.defaults().withSidecarMode(seg.sidecarMode));
      long expected = nextBase - seg.base;
      if (index.totalLines() != expected || !index.lastLineComplete()
          || index.fileSize() != seg.sealedBytes()) {
        long lines = index.totalLines();
        boolean complete = index.lastLineComplete();
        index.close();
        throw new CorruptFileException(seg.path, CorruptFileException.UNKNOWN, seg.base + lines,
            "sealed segment holds " + lines + " lines" + (complete ? "" : " (the last unterminated)")
                + " but the next segment starts at line " + nextBase + " (expected " + expected
                + " lines)");
      }
      seg.index(index);
      return index;
    }
  }
}
