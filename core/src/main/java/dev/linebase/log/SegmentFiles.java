package dev.linebase.log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Names of the files in a log directory, made and parsed only here.
 *
 * <pre>
 * &lt;dir&gt;/
 *   00000000000000000000.jsonl        segment holding lines 0 .. (next base - 1)
 *   00000000000000000000.jsonl.lbidx  its sparse line index (a LineIndex sidecar, rebuildable)
 *   00000000000001048576.jsonl        next segment: its first line is global line 1048576
 *   writer.lock                       held by an EXCLUSIVE writer for life (its PID inside)
 *   append.lock                       held around each SHARED batch, or by an EXCLUSIVE writer
 * </pre>
 *
 * A segment's name is its <em>base line</em> (the global 0-based number of its first line) as
 * exactly 20 decimal digits, zero-padded so that {@code ls} sorts segments in log order, followed
 * by the format's extension ({@code .jsonl} or {@code .txt}). A sealed segment holds exactly
 * {@code nextBase - base} lines. Other files in the directory are ignored.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class SegmentFiles {
  /** Digits in a segment file's base line. */
  public static final int BASE_DIGITS = 20;

  /** The lock file writers lock around each append, or for life (see {@link WriterMode}). */
  public static final String APPEND_LOCK = "append.lock";

  /** The lock file an exclusive writer holds for life, recording its PID. */
  public static final String WRITER_LOCK = "writer.lock";

  private SegmentFiles() {}

  /** One segment file found in a directory. */
  public record SegmentFile(long base, Path path, LogFormat format) {}

  /** The file name of the segment whose first line is {@code base}. */
  public static String fileName(long base, LogFormat format) {
    if (base < 0) {
      throw new IllegalArgumentException("base < 0: " + base);
    }
    String digits = Long.toString(base);
    return "0".repeat(BASE_DIGITS - digits.length()) + digits + format.extension();
  }

  /** The path of the segment whose first line is {@code base}. */
  public static Path path(Path dir, long base, LogFormat format) {
    return dir.resolve(fileName(base, format));
  }

  /** The sparse line index sidecar of a segment file: {@code <segment file name>.lbidx}. */
  public static Path indexPath(Path segment) {
    return segment.resolveSibling(segment.getFileName().toString() + ".lbidx");
  }

  /** The append lock file of a log directory. */
  public static Path appendLock(Path dir) {
    return dir.resolve(APPEND_LOCK);
  }

  /** The exclusive-writer lock file of a log directory. */
  public static Path writerLock(Path dir) {
    return dir.resolve(WRITER_LOCK);
  }

  /** The base line encoded in a segment file name, or -1 if the name is not a segment's. */
  public static long parseBase(String fileName, LogFormat format) {
    String ext = format.extension();
    if (fileName.length() != BASE_DIGITS + ext.length() || !fileName.endsWith(ext)) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < BASE_DIGITS; i++) {
      char c = fileName.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /**
   * The segment files of {@code dir} in base order, of either format.
   *
   * @throws IOException if the directory cannot be listed
   */
  public static List<SegmentFile> list(Path dir) throws IOException {
    List<SegmentFile> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        for (LogFormat f : LogFormat.values()) {
          long base = parseBase(name, f);
          if (base >= 0) {
            found.add(new SegmentFile(base, p, f));
          }
        }
      }
    }
    found.sort(Comparator.comparingLong(SegmentFile::base));
    return found;
  }

  /**
   * The segment files of {@code dir}, all of which must be of {@code expected} format (or, when
   * {@code expected} is null, of one format).
   *
   * @throws IllegalStateException if the directory holds segments of another format
   */
  public static List<SegmentFile> list(Path dir, LogFormat expected) throws IOException {
    List<SegmentFile> all = list(dir);
    LogFormat seen = expected;
    for (SegmentFile s : all) {
      if (seen == null) {
        seen = s.format();
      } else if (s.format() != seen) {
        throw new IllegalStateException(
            "log " + dir + " holds " + s.format() + " segments (" + s.path().getFileName()
                + ") but " + (expected == null ? "also " + seen + " segments" : "was opened as "
                + expected));
      }
    }
    return all;
  }
}
