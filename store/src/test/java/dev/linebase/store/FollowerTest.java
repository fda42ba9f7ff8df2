package dev.linebase.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Codec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Read-only followers keep following a writer, across its compactions. */
class FollowerTest {
  @TempDir Path dir;

  @Test
  void tailAcrossCompactions() throws IOException {
    try (Store<JsonNode> w = Store.builder(dir, Codec.tree()).checkpointThreshold(0).open();
        Store<JsonNode> r = Store.builder(dir, Codec.tree()).readOnly().open()) {
      w.set("a", StoreTest.doc("{\"v\":1}"));
      w.set("b", StoreTest.doc("{\"v\":1}"));
      List<Operation> got = r.tail();
      assertThat(got).extracting(Operation::id).containsExactly("a", "b");
      assertThat(r.tail()).isEmpty();
      w.set("c", StoreTest.doc("{\"v\":1}"));
      w.compact(); // "c" is in the old WAL, which the follower has not read yet
      w.set("d", StoreTest.doc("{\"v\":1}"));
      w.delete("a");
      got = r.tail();
      assertThat(got).extracting(Operation::id).containsExactly("c", "d", "a");
      assertThat(r.count()).isEqualTo(3);
      for (int i = 0; i < 3; i++) {
        w.set("x" + i, StoreTest.doc("{}"));
        w.compact();
      }
      w.set("last", StoreTest.doc("{}"));
      r.refresh();
      assertThat(r.count()).isEqualTo(w.count());
      assertThat(r.has("last")).isTrue();
      assertThat(r.has("a")).isFalse();
    }
  }

  @Test
  void watchDeliversNewOps() throws Exception {
    try (Store<JsonNode> w = Store.builder(dir, Codec.tree()).checkpointThreshold(3).open();
        Store<JsonNode> r = Store.builder(dir, Codec.tree()).readOnly().open()) {
      CountDownLatch seen = new CountDownLatch(1);
      List<String> ids = new CopyOnWriteArrayList<>();
      AtomicReference<Exception> error = new AtomicReference<>();
      r.watch(ops -> {
        ops.forEach(o -> ids.add(o.id()));
        if (ids.contains("k9")) {
          seen.countDown();
        }
      }, error::set, Duration.ofMillis(5));
      for (int i = 0; i < 10; i++) {
        w.set("k" + i, StoreTest.doc("{}"));
      }
      assertThat(seen.await(20, TimeUnit.SECONDS)).as("ids seen: " + ids + ", error " + error.get()).isTrue();
      r.unwatch();
      assertThat(r.count()).isEqualTo(10);
      assertThat(error.get()).isNull();
    }
  }

  @Test
  void followsAWriterThatCheckpointsContinuously() throws Exception {
    try (Store<JsonNode> w = Store.builder(dir, Codec.tree()).checkpointThreshold(10)
        .durability(dev.linebase.io.Durability.NONE).open();
        Store<JsonNode> r = Store.builder(dir, Codec.tree()).readOnly().open()) {
      Thread writer = new Thread(() -> {
        try {
          for (int i = 0; i < 1500; i++) {
            w.set("k" + (i % 300), StoreTest.doc("{\"i\":" + i + "}"));
            if (i % 7 == 0 && i > 0) {
              w.delete("k" + ((i - 1) % 300));
            }
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      writer.start();
      while (writer.isAlive()) {
        r.tail();
      }
      writer.join();
      w.flush();
      r.tail();
      assertThat(OpslogInteropTest.dump(r)).isEqualTo(OpslogInteropTest.dump(w));
    }
  }
}
