package dev.linebase.log;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The write side of a {@link SegmentedLog}, one implementation per {@link WriterMode}. Records
 * reaching it are already checked; each method returns once the records are durable under the
 * log's policy (or, for the asynchronous ones, returns a future completing then).
 */
interface LogWriter extends Closeable {

  long append(byte[] record) throws IOException;

  long appendAll(List<byte[]> records, long totalBytes) throws IOException;

  CompletableFuture<Long> appendAsync(List<byte[]> records, long totalBytes) throws IOException;

  long endLine() throws IOException;

  void sync() throws IOException;

  void roll() throws IOException;

  void deleteBefore(long line) throws IOException;

  RecoveryReport recovery();

  /** Group-commit forces run since open (0 under NONE, where only sync() forces). */
  long groupForces();
}
