package dev.linebase.timelog;

import java.io.Closeable;
import java.io.IOException;

/**
 * The durable side of a timelog's writes: each record and each delete becomes one WAL line
 * before it reaches memory, and the line number is its sequence number. Implemented by
 * {@link TimelogWal}; an in-memory timelog has none. Not thread-safe (the writer's).
 */
interface WriteAheadLog extends Closeable {

  /** Logs {@code n} records as lines {@code firstLine .. firstLine + n - 1}. */
  void logRecords(long[] timestamps, Object[] values, int n, long firstLine) throws IOException;

  /** Logs a delete of the inclusive range {@code [lo, hi]} as line {@code line}. */
  void logDelete(long lo, long hi, long line) throws IOException;
}
