package dev.linebase.index;

/**
 * Receives progress while a {@link LineIndex} scans a file (an initial build, a rebuild or the
 * bytes appended since the last refresh). Calls come from the thread that opened or refreshed
 * the index, never concurrently, with {@code scannedBytes} non-decreasing and a final call where
 * {@code scannedBytes == totalBytes}. Implementations should return quickly.
 */
@FunctionalInterface
public interface BuildProgress {
  /** Does nothing. */
  BuildProgress NONE = (scannedBytes, totalBytes) -> { };

  /** {@code scannedBytes} of {@code totalBytes} bytes to scan are done. */
  void update(long scannedBytes, long totalBytes);
}
