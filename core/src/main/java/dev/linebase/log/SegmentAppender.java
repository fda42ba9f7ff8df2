package dev.linebase.log;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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

  /**
   * Cuts any preallocated tail now, and forces data and length and closes, on a background thread
   * where the appender has one: the seal of a log that does not force its appends ({@code NONE}),
   * whose writer must not wait for a whole segment to reach the disk. The future completes when
   * the segment is durable; this default seals before it returns.
   */
  default CompletableFuture<Void> sealInBackground() throws IOException {
    seal();
    return CompletableFuture.completedFuture(null);
  }

  /** Cuts any preallocated tail and closes without forcing. Idempotent. */
  @Override
  void close() throws IOException;
}
