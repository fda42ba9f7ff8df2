package dev.linebase.log;

import java.nio.file.Path;

/**
 * What recovery did to the active segment when a log was opened for writing.
 *
 * @param segment the active (last) segment that was checked, or null for a new, empty log
 * @param validBytes the segment's length after recovery: every byte before it is complete lines
 * @param bytesCut bytes removed from the end of the segment (0 when nothing was torn), including
 *     {@code zeroBytesCut}
 * @param zeroBytesCut of {@code bytesCut}, the bytes of a trailing run of NUL bytes (a
 *     preallocated region left by a writer that did not close, or blocks a power loss never wrote)
 * @param lines complete lines in the segment after recovery
 * @param reason why the tail was cut ("partial line", "NUL bytes", "invalid JSON: ..."), or
 *     "clean" when nothing was cut
 */
public record RecoveryReport(
    Path segment, long validBytes, long bytesCut, long zeroBytesCut, long lines, String reason) {

  /** The report of a log with nothing to recover. */
  static RecoveryReport clean(Path segment, long validBytes, long lines) {
    return new RecoveryReport(segment, validBytes, 0, 0, lines, "clean");
  }

  /** True when recovery removed bytes. */
  public boolean cut() {
    return bytesCut > 0;
  }

  /** Bytes removed that were not part of a trailing NUL run (real torn or damaged data). */
  public long tornBytesCut() {
    return bytesCut - zeroBytesCut;
  }
}
