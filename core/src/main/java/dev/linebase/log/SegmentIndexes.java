package dev.linebase.log;

import dev.linebase.jsonl.LineReader;
import java.io.IOException;

/**
 * Builds the sparse line index of a sealed segment that has none in memory (one found on disk
 * when the log was opened) by one sequential scan, on first use, and attaches it to the segment.
 */
final class SegmentIndexes {
  private SegmentIndexes() {}

  static Checkpoints build(Segment seg, int maxRecordBytes) throws IOException {
    synchronized (seg) {
      Checkpoints existing = seg.checkpoints();
      if (existing != null) {
        return existing;
      }
      Checkpoints cps = new Checkpoints();
      long limit = seg.sealedBytes();
      LineReader r = LineReader.over(seg.path, seg.channel(), 0, seg.base, maxRecordBytes, limit);
      long n = 0;
      while (r.next()) {
        cps.record(n++, r.lineOffset());
      }
      seg.checkpoints(cps);
      return cps;
    }
  }
}
