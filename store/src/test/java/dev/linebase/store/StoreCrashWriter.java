package dev.linebase.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.io.Durability;
import dev.linebase.jsonl.Codec;
import dev.linebase.jsonl.Json;
import dev.linebase.testkit.Acks;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Child-JVM writer for {@link StoreCrashTest}: args {@code DIR MODE ROUND [DURABILITY]} (default
 * {@code sync}). Writes documents
 * {@code {"round":R,"n":N}} under ids {@code rR-tT-N} and prints {@code ACK <id>} once the write is
 * acknowledged as durable: after {@code set} returns in IMMEDIATE and GROUP (four threads), after
 * the {@code flush()} that covers it in ASYNC. Runs until killed.
 */
public final class StoreCrashWriter {
  private StoreCrashWriter() {}

  public static void main(String[] args) throws Exception {
    WriteMode mode = WriteMode.valueOf(args[1]);
    String round = args[2];
    Durability durability = Durability.parse(args.length > 3 ? args[3] : "sync");
    try (Store<JsonNode> s = Store.builder(Paths.get(args[0]), Codec.tree()).writeMode(mode)
        .durability(durability).checkpointThreshold(40).groupWindowMillis(5).open()) {
      int threads = mode == WriteMode.GROUP ? 4 : 1;
      List<Thread> all = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int tt = t;
        Thread th = new Thread(() -> write(s, mode, round, tt));
        th.start();
        all.add(th);
      }
      for (Thread th : all) {
        th.join();
      }
    }
  }

  private static void write(Store<JsonNode> s, WriteMode mode, String round, int thread) {
    List<String> unflushed = new ArrayList<>();
    try {
      for (int n = 0; n < 100_000; n++) {
        String id = "r" + round + "-t" + thread + "-" + n;
        s.set(id, Json.mapper().createObjectNode().put("round", Integer.parseInt(round)).put("n", n)
            .put("pad", "x".repeat(n % 50)));
        if (mode == WriteMode.ASYNC) {
          unflushed.add(id);
          if (unflushed.size() == 15) {
            s.flush();
            unflushed.forEach(Acks::ack);
            unflushed.clear();
          }
        } else {
          Acks.ack(id);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
