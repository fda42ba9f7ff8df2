package dev.linebase.log;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Writes lines at the end of one segment file. The log's writer lock serializes {@link #append}
 * calls and {@link #seal()}; {@link #force(long)} may run on another thread concurrently with
 * appends (the group-commit leader), and is a no-op once the segment is sealed or closed (sealing
 * forces everything).
 */
interface SegmentAppender extends Closeable {

  /** Bytes of complete lines written so far (the next write position). */
  long size();

  /** Writes {@code record} and {@code \n} at {@link #size()}. */
  void append(byte[] record) throws IOException;

  /** Writes each record and its {@code \n} at {@link #size()}, in one write where possible. */
  void append(List<byte[]> records, long totalBytes) throws IOException;

  /** Forces the bytes before {@code upTo} to stable storage. */
  void force(long upTo) throws IOException;

  /** Cuts any preallocated tail, forces data and length, and closes. Idempotent. */
  void seal() throws IOException;

  /** Cuts any preallocated tail and closes without forcing. Idempotent. */
  @Override
  void close() throws IOException;
}
