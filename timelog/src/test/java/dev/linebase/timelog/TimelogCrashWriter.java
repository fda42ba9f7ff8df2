package dev.linebase.timelog;

import dev.linebase.io.Durability;
import dev.linebase.jsonl.Codec;
import dev.linebase.testkit.Acks;
import java.nio.file.Path;
import java.util.Random;

/**
 * Child-JVM writer for {@link TimelogCrashTest}: appends and deletes on a durable timelog with
 * background maintenance and acknowledges each operation once it returned. Args: DIR DURABILITY
 * ROUND OPS. Acks: {@code A:<ts>:<round>:<i>} for an append of value {@code "<round>:<i>"} at
 * {@code ts}, {@code D:<lo>:<hi>:<round>:<i>} for {@code delete(lo, hi)}, announced before it starts by
 * {@code I:<lo>:<hi>:<round>:<i>} (a delete in flight at the kill may or may not apply).
 */
public final class TimelogCrashWriter {
  private TimelogCrashWriter() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Durability durability = Durability.parse(args[1]);
    int round = Integer.parseInt(args[2]);
    int ops = Integer.parseInt(args[3]);
    TimelogConfig config = TimelogConfig.builder()
        .memtableRecords(64)
        .outOfOrderRecords(16)
        .segmentRecords(100)
        .windowSize(500)
        .l0CompactionTrigger(3)
        .busyPolicy(BusyPolicy.BLOCK)
        .durability(durability)
        .walSegmentBytes(4096)
        .build();
    Random rnd = new Random(round * 7919L + 1);
    try (Timelog<String> log = Timelog.open(dir, config, Codec.json(String.class))) {
      Acks.ready();
      long clock = round * 1_000L;
      for (int i = 0; i < ops; i++) {
        if (rnd.nextInt(20) == 0) {
          long lo = clock - rnd.nextInt(300);
          long hi = lo + 1 + rnd.nextInt(40);
          Acks.ack("I:" + lo + ":" + hi + ":" + round + ":" + i); // intent: may apply if killed
          log.delete(lo, hi);
          Acks.ack("D:" + lo + ":" + hi + ":" + round + ":" + i);
        } else {
          long ts = rnd.nextInt(10) == 0 ? clock - rnd.nextInt(500) : (clock += rnd.nextInt(3));
          log.append(ts, round + ":" + i);
          Acks.ack("A:" + ts + ":" + round + ":" + i);
        }
      }
    }
  }
}
