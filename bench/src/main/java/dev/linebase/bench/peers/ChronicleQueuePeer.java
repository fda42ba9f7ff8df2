package dev.linebase.bench.peers;

import dev.linebase.bench.BenchData;
import dev.linebase.bench.Rate;
import java.io.IOException;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;

/**
 * The log workload through Chronicle Queue in its normal mode: one appender writes {@code count}
 * pre-serialized records (cycling through the given pool) into a memory-mapped queue with no
 * sync, then one tailer reads them all back from the start. One record is appended before the
 * clock starts (it creates the first cycle file), as the log workloads do. Bytes reach the OS
 * page cache, so this is the durability class of Linebase's {@code NONE} (survives a process
 * crash, not a power loss).
 *
 * <p>Needs, on JDK 17 and later, the {@code --add-opens}/{@code --add-exports} flags that
 * {@code bench/run} passes, and {@code -Dchronicle.analytics.disable=true}. Stateless and
 * thread-safe; each call uses a fresh queue directory.
 */
public final class ChronicleQueuePeer {
  private ChronicleQueuePeer() {}

  public static AppendRead appendThenRead(byte[][] records, long count) throws IOException {
    if (count <= 0) {
      throw new IllegalArgumentException("count <= 0: " + count);
    }
    System.setProperty("chronicle.analytics.disable", "true");
    Path dir = BenchData.freshDir("chronicle-queue");
    BytesStore<?, ?>[] pool = new BytesStore<?, ?>[records.length];
    long poolBytes = 0;
    for (int i = 0; i < records.length; i++) {
      pool[i] = BytesStore.wrap(records[i]);
      poolBytes += records[i].length;
    }
    Rate append;
    Rate read;
    try (ChronicleQueue queue = ChronicleQueue.single(dir.toString())) {
      try (ExcerptAppender appender = queue.createAppender()) {
        appender.writeBytes(pool[0]); // untimed: creates the first cycle file, as for the log
        long start = System.nanoTime();
        int p = 1 % pool.length;
        for (long i = 0; i < count; i++) {
          appender.writeBytes(pool[p]);
          if (++p == pool.length) {
            p = 0;
          }
        }
        append =
            new Rate("Chronicle Queue append (no sync)", count, System.nanoTime() - start);
      }
      try (ExcerptTailer tailer = queue.createTailer()) {
        Bytes<?> buf = Bytes.allocateElasticOnHeap(256);
        long seen = 0;
        long bytes = 0;
        long start = System.nanoTime();
        while (tailer.readBytes(buf)) {
          bytes += buf.readRemaining();
          buf.clear();
          seen++;
        }
        read = new Rate("  read back: Chronicle Queue", seen, System.nanoTime() - start);
        long total = count + 1;
        long expectedBytes = (total / pool.length) * poolBytes;
        for (int i = 0; i < total % pool.length; i++) {
          expectedBytes += records[i].length;
        }
        if (seen != total || bytes != expectedBytes) {
          throw new IllegalStateException(
              "Chronicle read back " + seen + " records / " + bytes + " bytes, expected " + total
                  + " / " + expectedBytes);
        }
      }
    } finally {
      BenchData.deleteRecursively(dir);
    }
    return new AppendRead(append, read);
  }
}
