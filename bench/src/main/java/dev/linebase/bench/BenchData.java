package dev.linebase.bench;

import dev.linebase.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Deterministic benchmark data: JSON lines of exactly {@value #LINE_BYTES} bytes (terminator
 * included), the same bytes on every machine and every run.
 *
 * <p>Line {@code n} is a function of {@code n} alone; line 42, shown here on two lines, is
 *
 * <pre>
 * {"seq":42,"ts":1700000000306,"user":"u06347","event":"signup","value":823.170,
 *  "pad":"bbbbbbbbbbbb"}
 * </pre>
 *
 * padded with the {@code pad} field to {@value #LINE_BYTES} bytes. Files are generated once
 * under {@code -Dlinebase.bench.dir} (default {@code /tmp/linebase-bench}) and reused while their
 * size is right; they are written with {@link AtomicFiles}, so an interrupted generation never
 * leaves a short file under the final name.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class BenchData {
  /** Bytes per line, {@code \n} included. */
  public static final int LINE_BYTES = 100;

  /** Bytes per record handed to an append API: a line without its {@code \n}. */
  public static final int RECORD_BYTES = LINE_BYTES - 1;

  /** Format version of the generated data; part of every file name. */
  private static final int VERSION = 1;

  private static final long SEED = 0x4C696E6562617365L; // "Linebase"
  private static final long MAX_SEQ = 9_999_999_999L;
  private static final byte[][] EVENTS = {
    ascii("click"), ascii("view"), ascii("purchase"),
    ascii("signup"), ascii("logout"), ascii("search")
  };

  private BenchData() {}

  /** The directory benchmark files live in: {@code -Dlinebase.bench.dir} or /tmp/linebase-bench. */
  public static Path dir() throws IOException {
    Path dir = Paths.get(System.getProperty("linebase.bench.dir", "/tmp/linebase-bench"));
    Files.createDirectories(dir);
    return dir;
  }

  /**
   * An empty directory {@code name} under {@link #dir()}, deleting whatever a previous run left
   * there.
   */
  public static Path freshDir(String name) throws IOException {
    Path d = dir().resolve(name);
    deleteRecursively(d);
    Files.createDirectories(d);
    return d;
  }

  /** Deletes {@code path} and, if it is a directory, everything under it; absent is fine. */
  public static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> children = Files.list(path)) {
        for (Path c : (Iterable<Path>) children::iterator) {
          deleteRecursively(c);
        }
      }
    }
    Files.delete(path);
  }

  /**
   * A file of {@code bytes / 100} lines (line 0 first), generated on first use and reused after.
   * Returns its path.
   */
  public static Path jsonLines(long bytes) throws IOException {
    long lines = bytes / LINE_BYTES;
    if (lines <= 0) {
      throw new IllegalArgumentException("bytes < " + LINE_BYTES + ": " + bytes);
    }
    Path file = dir().resolve("lines-v" + VERSION + "-" + lines + ".jsonl");
    if (Files.isRegularFile(file) && Files.size(file) == lines * LINE_BYTES) {
      return file;
    }
    long start = System.nanoTime();
    AtomicFiles.write(
        file,
        out -> {
          int perChunk = 40_000;
          byte[] chunk = new byte[perChunk * LINE_BYTES];
          for (long first = 0; first < lines; first += perChunk) {
            int n = (int) Math.min(perChunk, lines - first);
            for (int i = 0; i < n; i++) {
              line(first + i, chunk, i * LINE_BYTES);
            }
            out.write(chunk, 0, n * LINE_BYTES);
          }
        });
    System.out.printf(
        "generated %s (%,d lines, %,d bytes) in %.1f s%n",
        file, lines, lines * LINE_BYTES, (System.nanoTime() - start) / 1e9);
    return file;
  }

  /**
   * {@code count} pre-serialized records (lines {@code 0..count-1} without their terminator), for
   * benchmarks that feed an append API.
   */
  public static byte[][] records(int count) {
    if (count <= 0) {
      throw new IllegalArgumentException("count <= 0: " + count);
    }
    byte[] buf = new byte[LINE_BYTES];
    byte[][] out = new byte[count][];
    for (int i = 0; i < count; i++) {
      line(i, buf, 0);
      out[i] = Arrays.copyOf(buf, RECORD_BYTES);
    }
    return out;
  }

  /** Line {@code seq} as a string without its terminator. */
  public static String lineText(long seq) {
    byte[] buf = new byte[LINE_BYTES];
    line(seq, buf, 0);
    return new String(buf, 0, RECORD_BYTES, StandardCharsets.US_ASCII);
  }

  /**
   * Reads the whole file once so that it is in the page cache, and returns how long that took.
   */
  public static Rate warm(Path file) throws IOException {
    long start = System.nanoTime();
    long total = 0;
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      int n;
      while ((n = ch.read(buf)) >= 0) {
        total += n;
        buf.clear();
      }
    }
    return new Rate("read " + file.getFileName(), total, System.nanoTime() - start);
  }

  /** Writes line {@code seq}, terminator included, into {@code dst[off, off + 100)}. */
  public static void line(long seq, byte[] dst, int off) {
    if (seq < 0 || seq > MAX_SEQ) {
      throw new IllegalArgumentException("seq out of [0, " + MAX_SEQ + "]: " + seq);
    }
    long h = mix(seq ^ SEED);
    int p = off;
    p = put(dst, p, "{\"seq\":");
    p = putLong(dst, p, seq);
    p = put(dst, p, ",\"ts\":");
    p = putLong(dst, p, 1_700_000_000_000L + seq * 7 + (h & 0x3F));
    p = put(dst, p, ",\"user\":\"u");
    p = putFixed(dst, p, (h >>> 8) % 100_000, 5);
    p = put(dst, p, "\",\"event\":\"");
    byte[] event = EVENTS[(int) ((h >>> 28) % EVENTS.length)];
    System.arraycopy(event, 0, dst, p, event.length);
    p += event.length;
    p = put(dst, p, "\",\"value\":");
    long milli = (h >>> 34) % 1_000_000;
    p = putLong(dst, p, milli / 1000);
    dst[p++] = '.';
    p = putFixed(dst, p, milli % 1000, 3);
    p = put(dst, p, ",\"pad\":\"");
    int end = off + LINE_BYTES - 3; // leaves room for "}\n
    byte pad = (byte) ('a' + (int) ((h >>> 54) % 26));
    while (p < end) {
      dst[p++] = pad;
    }
    dst[p++] = '"';
    dst[p++] = '}';
    dst[p] = '\n';
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static int put(byte[] dst, int p, String ascii) {
    for (int i = 0; i < ascii.length(); i++) {
      dst[p++] = (byte) ascii.charAt(i);
    }
    return p;
  }

  private static int putLong(byte[] dst, int p, long v) {
    int digits = 1;
    for (long rest = v / 10; rest > 0; rest /= 10) {
      digits++;
    }
    return putFixed(dst, p, v, digits);
  }

  private static int putFixed(byte[] dst, int p, long v, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      dst[p + i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    return p + digits;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
