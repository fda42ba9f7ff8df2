package dev.linebase.log;

import java.nio.MappedByteBuffer;
import java.util.List;

/**
 * A read-write mapping of the segment bytes {@code [start, end())}, and the copy of lines into it
 * that both mapped appenders ({@link MappedAppender}, {@link SharedMappedAppender}) make. The
 * caller has made sure the lines fit and that the file extends over them. Not thread-safe: used
 * under the appender's writer lock.
 */
record MappedRegion(long start, MappedByteBuffer buf) {
  long end() {
    return start + buf.capacity();
  }

  /** Copies {@code record} and its {@code \n} to file offset {@code at}. */
  void putLine(long at, byte[] record) {
    int p = (int) (at - start);
    buf.put(p, record);
    buf.put(p + record.length, (byte) '\n');
  }

  /** Copies each record and its {@code \n}, one after another, from file offset {@code at}. */
  void putLines(long at, List<byte[]> records) {
    int p = (int) (at - start);
    for (byte[] rec : records) {
      buf.put(p, rec);
      p += rec.length;
      buf.put(p++, (byte) '\n');
    }
  }
}
