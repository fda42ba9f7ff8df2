package dev.linebase.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The disk's raw fsync rate, the yardstick for every durability benchmark: append 100 bytes to a
 * file and {@code FileChannel.force(false)} it, in a loop, for a bounded time. The file grows as a
 * log's does, so each force also makes the new file length durable, exactly like a log append.
 *
 * <p>Every benchmark that measures a durable mode prints this rate beside its own figure, measured
 * in the same run on the same file system. This class is stateless and thread-safe.
 */
public final class FsyncProbe {
  private static final int WRITE_BYTES = 100;

  private FsyncProbe() {}

  /** Measures in {@link BenchData#dir()} for {@code seconds} seconds. */
  public static Rate measure(double seconds) throws IOException {
    return measure(BenchData.dir(), seconds);
  }

  /** Measures in {@code dir} for {@code seconds} seconds; the probe file is deleted after. */
  public static Rate measure(Path dir, double seconds) throws IOException {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("seconds <= 0: " + seconds);
    }
    Path file = dir.resolve("fsync-probe-" + ProcessHandle.current().pid() + ".bin");
    ByteBuffer data = ByteBuffer.allocateDirect(WRITE_BYTES);
    for (int i = 0; i < WRITE_BYTES - 1; i++) {
      data.put((byte) 'x');
    }
    data.put((byte) '\n');
    long fsyncs = 0;
    long start;
    long end;
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            StandardOpenOption.DELETE_ON_CLOSE)) {
      long deadline = System.nanoTime() + (long) (seconds * 1e9);
      start = System.nanoTime();
      long position = 0;
      do {
        data.flip();
        while (data.hasRemaining()) {
          position += ch.write(data, position);
        }
        data.clear().position(WRITE_BYTES);
        ch.force(false);
        fsyncs++;
        end = System.nanoTime();
      } while (end < deadline);
    } finally {
      Files.deleteIfExists(file);
    }
    return new Rate("raw fsync (100 B append + force)", fsyncs, end - start);
  }

  /**
   * The same loop through a memory mapping, the way an mmap-based log forces: a preallocated
   * 64 MiB file is mapped, and each round copies 100 bytes into the mapping and forces just that
   * range ({@code MappedByteBuffer.force(index, length)}, i.e. {@code msync}). The file length
   * does not change, so this measures data-only flushes. The probe file is deleted after.
   */
  public static Rate measureMapped(Path dir, double seconds) throws IOException {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("seconds <= 0: " + seconds);
    }
    int fileBytes = 64 << 20;
    Path file = dir.resolve("msync-probe-" + ProcessHandle.current().pid() + ".bin");
    byte[] data = new byte[WRITE_BYTES];
    Arrays.fill(data, (byte) 'x');
    data[WRITE_BYTES - 1] = '\n';
    long syncs = 0;
    long start;
    long end;
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(new byte[1]), fileBytes - 1L);
      ch.force(true);
      MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, fileBytes);
      long deadline = System.nanoTime() + (long) (seconds * 1e9);
      start = System.nanoTime();
      int position = 0;
      do {
        if (position + WRITE_BYTES > fileBytes) {
          position = 0;
        }
        map.put(position, data);
        map.force(position, WRITE_BYTES);
        position += WRITE_BYTES;
        syncs++;
        end = System.nanoTime();
      } while (end < deadline);
    } finally {
      Files.deleteIfExists(file);
    }
    return new Rate("raw msync (100 B into mapping + force range)", syncs, end - start);
  }

  /** Runs the probe alone: {@code java -cp benchmarks.jar dev.linebase.bench.FsyncProbe [s]}. */
  public static void main(String[] args) throws IOException {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    System.out.println(measure(seconds));
    System.out.println(measureMapped(BenchData.dir(), seconds));
  }
}
