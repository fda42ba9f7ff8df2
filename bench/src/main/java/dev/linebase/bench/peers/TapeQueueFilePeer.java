package dev.linebase.bench.peers;

import com.squareup.tape2.QueueFile;
import dev.linebase.bench.BenchData;
import dev.linebase.bench.Rate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The durable append workload through Square Tape's {@code QueueFile}, which opens its file in
 * {@code "rwd"} mode, so every {@code add} is on stable storage before it returns (the
 * fsync-per-add class, like Linebase's {@code SYNC}). Adds records for a bounded time, then reads
 * every element back with its iterator and checks the count.
 *
 * <p>{@code QueueFile} is not thread-safe; with several producer threads each {@code add} holds
 * the queue's monitor (what an application sharing one {@code QueueFile} has to do), so the
 * threads take turns and the rate stays that of one thread.
 *
 * <p>Stateless and thread-safe; each call uses a fresh file.
 */
public final class TapeQueueFilePeer {
  private TapeQueueFilePeer() {}

  /** One producer thread. */
  public static AppendRead addForSeconds(byte[][] records, double seconds) throws IOException {
    return addForSeconds(records, seconds, 1);
  }

  /** {@code threads} producer threads sharing one {@code QueueFile}. */
  public static AppendRead addForSeconds(byte[][] records, double seconds, int threads)
      throws IOException {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("seconds <= 0: " + seconds);
    }
    if (threads <= 0) {
      throw new IllegalArgumentException("threads <= 0: " + threads);
    }
    Path file = BenchData.dir().resolve("tape-queue-file.bin");
    Files.deleteIfExists(file);
    String label =
        "Tape QueueFile add (rwd, " + threads + (threads == 1 ? " thread)" : " threads)");
    Rate add;
    Rate read;
    try (QueueFile queue = new QueueFile.Builder(file.toFile()).build()) {
      queue.add(records[0]); // untimed, as the log workloads do
      AtomicLong added = new AtomicLong();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch go = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(threads);
      long[] deadline = new long[1];
      for (int t = 0; t < threads; t++) {
        int first = t % records.length;
        Thread th = new Thread(() -> {
          long n = 0;
          try {
            go.await();
            int p = first;
            while (System.nanoTime() < deadline[0]) {
              synchronized (queue) {
                queue.add(records[p]);
              }
              n++;
              if (++p == records.length) {
                p = 0;
              }
            }
          } catch (IOException | InterruptedException | RuntimeException e) {
            failure.compareAndSet(null, e);
          } finally {
            added.addAndGet(n);
            done.countDown();
          }
        }, "tape-producer-" + t);
        th.setDaemon(true);
        th.start();
      }
      long start = System.nanoTime();
      deadline[0] = start + (long) (seconds * 1e9);
      go.countDown(); // publishes deadline to the producers
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for Tape producers", e);
      }
      long nanos = System.nanoTime() - start;
      if (failure.get() != null) {
        throw new IOException("Tape producer failed", failure.get());
      }
      add = new Rate(label, added.get(), nanos);
      long seen = 0;
      start = System.nanoTime();
      for (byte[] element : queue) {
        if (element.length == 0) {
          throw new IllegalStateException("empty element at " + seen);
        }
        seen++;
      }
      read = new Rate("  read back: Tape QueueFile", seen, System.nanoTime() - start);
      if (seen != added.get() + 1 || queue.size() != seen) {
        throw new IllegalStateException("Tape read back " + seen + " of " + (added.get() + 1));
      }
    } finally {
      Files.deleteIfExists(file);
    }
    return new AppendRead(add, read);
  }
}
