package dev.linebase.bench.index;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;

/**
 * Data of the index benchmarks: about 1 GB of ~100-byte JSON event lines (10.2 million lines),
 * deterministic, written once into {@code -Dlinebase.bench.dir} (default {@code
 * /tmp/linebase-bench}) and reused by later runs. Override the size with {@code
 * -Dlinebase.bench.indexBytes}.
 */
public final class IndexBenchData {
  private static final String[] EVENTS = {"click", "view", "purchase", "signup", "logout"};

  private IndexBenchData() {}

  public static Path dir() throws IOException {
    Path dir = Path.of(System.getProperty("linebase.bench.dir", "/tmp/linebase-bench"));
    Files.createDirectories(dir);
    return dir;
  }

  public static long targetBytes() {
    return Long.getLong("linebase.bench.indexBytes", 1L << 30);
  }

  /** The ~1 GB file, created on first use. */
  public static Path jsonl() throws IOException {
    long bytes = targetBytes();
    Path file = dir().resolve("index-" + bytes + ".jsonl");
    if (Files.exists(file) && Files.size(file) >= bytes) {
      return file;
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    SplittableRandom r = new SplittableRandom(42);
    long written = 0;
    long id = 0;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
      while (written < bytes) {
        byte[] line = line(id++, r);
        out.write(line);
        written += line.length;
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  /** One ~100-byte JSON line with its {@code \n}. */
  public static byte[] line(long id, SplittableRandom r) {
    String s = "{\"id\":" + id + ",\"ts\":" + (1_700_000_000_000L + id * 37) + ",\"user\":\"u"
        + r.nextInt(1_000_000) + "\",\"event\":\"" + EVENTS[r.nextInt(EVENTS.length)]
        + "\",\"value\":" + r.nextInt(100_000) + ",\"ok\":" + r.nextBoolean() + "}\n";
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
