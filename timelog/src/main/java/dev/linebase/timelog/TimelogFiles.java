package dev.linebase.timelog;

import java.nio.file.Path;

/**
 * Names of everything in a durable timelog directory, made and parsed only here:
 *
 * <pre>
 * DIR/.lock                       writer lock (FileLock; holds the writer's PID)
 * DIR/manifest.json               live segments, tombstones, WAL replay start (TimelogManifest)
 * DIR/wal/                        the write-ahead log (a SegmentedLog, JSONL; TimelogWal)
 * DIR/segments/NNNNNNNNNNNNNNNNNNNN.seg   one immutable segment (20-digit id; SegmentFile)
 * </pre>
 *
 * Stateless and thread-safe.
 */
final class TimelogFiles {
  static final String SUFFIX = ".seg";

  private TimelogFiles() {}

  static Path lock(Path dir) {
    return dir.resolve(".lock");
  }

  static Path manifest(Path dir) {
    return dir.resolve("manifest.json");
  }

  static Path wal(Path dir) {
    return dir.resolve("wal");
  }

  static Path segments(Path dir) {
    return dir.resolve("segments");
  }

  static Path segment(Path dir, long id) {
    return segments(dir).resolve(String.format("%020d", id) + SUFFIX);
  }

  /** The id in a segment file name, or -1 if the name is not one. */
  static long segmentId(Path file) {
    String name = file.getFileName().toString();
    if (!name.endsWith(SUFFIX) || name.length() != 20 + SUFFIX.length()) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(0, 20));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
