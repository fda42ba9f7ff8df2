package dev.linebase.bench.peers;

import com.squareup.tape2.QueueFile;
import dev.linebase.bench.BenchData;
import dev.linebase.bench.Rate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The durable append workload through Square Tape's {@code QueueFile}, which opens its file in
 * {@code "rwd"} mode, so every {@code add} is on stable storage before it returns (the
 * fsync-per-add class, like Linebase's {@code SYNC}). Adds records for a bounded time from one
 * thread, then reads every element back with its iterator.
 *
 * <p>Stateless and thread-safe; each call uses a fresh file.
 */
public final class TapeQueueFilePeer {
  private TapeQueueFilePeer() {}

  public static AppendRead addForSeconds(byte[][] records, double seconds) throws IOException {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("seconds <= 0: " + seconds);
    }
    Path file = BenchData.dir().resolve("tape-queue-file.bin");
    Files.deleteIfExists(file);
    Rate add;
    Rate read;
    try (QueueFile queue = new QueueFile.Builder(file.toFile()).build()) {
      long deadline = System.nanoTime() + (long) (seconds * 1e9);
      long start = System.nanoTime();
      long end;
      long added = 0;
      int p = 0;
      do {
        queue.add(records[p]);
        added++;
        if (++p == records.length) {
          p = 0;
        }
        end = System.nanoTime();
      } while (end < deadline);
      add = new Rate("Tape QueueFile add (rwd, 1 thread)", added, end - start);
      long seen = 0;
      start = System.nanoTime();
      for (byte[] element : queue) {
        if (element.length == 0) {
          throw new IllegalStateException("empty element at " + seen);
        }
        seen++;
      }
      read = new Rate("  read back: Tape QueueFile", seen, System.nanoTime() - start);
      if (seen != added) {
        throw new IllegalStateException("Tape read back " + seen + " of " + added);
      }
    } finally {
      Files.deleteIfExists(file);
    }
    return new AppendRead(add, read);
  }
}
