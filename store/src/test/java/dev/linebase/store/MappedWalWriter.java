package dev.linebase.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.io.Durability;
import dev.linebase.jsonl.Codec;
import dev.linebase.jsonl.Json;
import dev.linebase.testkit.Acks;
import java.nio.file.Paths;

/**
 * Child-JVM writer for {@link OpslogInteropTest}: args {@code DIR COUNT}. Opens the store with
 * {@code Durability.NONE} (the memory-mapped, space-padded WAL), sets {@code COUNT} documents
 * {@code {"n":N}} under ids {@code m-N}, printing {@code ACK m-N} after each, then idles until it is
 * killed, leaving the WAL's padding and the lock behind as a crash would.
 */
public final class MappedWalWriter {
  private MappedWalWriter() {}

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[1]);
    Store<JsonNode> s = Store.builder(Paths.get(args[0]), Codec.tree()).writeMode(WriteMode.GROUP)
        .durability(Durability.NONE).checkpointThreshold(0).open();
    for (int n = 0; n < count; n++) {
      s.set("m-" + n, Json.mapper().createObjectNode().put("n", n));
      Acks.ack("m-" + n);
    }
    while (true) {
      Thread.sleep(60_000); // idle until killed; never closes the store
    }
  }
}
