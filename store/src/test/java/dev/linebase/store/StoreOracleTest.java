package dev.linebase.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linebase.io.Durability;
import dev.linebase.jsonl.Codec;
import dev.linebase.jsonl.Json;
import dev.linebase.testkit.Seeds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded random sequences of set / delete / batch / undo / compact / reopen, compared after every
 * step with a {@link HashMap} model (undo modelled by a stack of the model's previous states since
 * the last checkpoint). Steps: {@code -Dlinebase.oracle.steps} (default 1,000 per mode).
 */
class StoreOracleTest {
  static final int STEPS = Integer.getInteger("linebase.oracle.steps", 1000);
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void matchesHashMap(WriteMode mode) throws IOException {
    long seed = Seeds.seed("StoreOracleTest." + mode);
    Random rnd = new Random(seed);
    String why = mode + " " + Seeds.describe(seed);
    Map<String, JsonNode> model = new HashMap<>();
    Deque<Map<String, JsonNode>> undoStack = new ArrayDeque<>(); // model before each op
    Store<JsonNode> s = open(mode);
    try {
      for (int step = 0; step < STEPS; step++) {
        int dice = rnd.nextInt(100);
        String id = "k" + rnd.nextInt(40);
        if (dice < 50) {
          JsonNode v = randomDoc(rnd, model.get(id));
          undoStack.push(new HashMap<>(model));
          s.set(id, v);
          model.put(id, v);
        } else if (dice < 62) {
          if (model.containsKey(id)) {
            undoStack.push(new HashMap<>(model));
            s.delete(id);
            model.remove(id);
          }
        } else if (dice < 72) {
          List<String> ids = new ArrayList<>();
          Map<String, JsonNode> next = new HashMap<>(model);
          List<Map<String, JsonNode>> states = new ArrayList<>();
          int n = 1 + rnd.nextInt(4);
          boolean fail = rnd.nextInt(5) == 0;
          List<JsonNode> values = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            ids.add("k" + rnd.nextInt(40));
            values.add(randomDoc(rnd, next.get(ids.get(i))));
            states.add(new HashMap<>(next));
            next.put(ids.get(i), values.get(i));
          }
          try {
            s.batch(b -> {
              for (int i = 0; i < n; i++) {
                b.set(ids.get(i), values.get(i));
              }
              if (fail) {
                b.delete("no-such-id");
              }
            });
          } catch (IllegalArgumentException e) {
            assertThat(fail).as(why).isTrue();
          }
          if (!fail) {
            states.forEach(undoStack::push);
            model = next;
          }
        } else if (dice < 84) {
          boolean undone = s.undo();
          assertThat(undone).as(why + " step " + step).isEqualTo(!undoStack.isEmpty());
          if (undone) {
            model = undoStack.pop();
          }
        } else if (dice < 90) {
          s.compact();
          undoStack.clear();
        } else if (dice < 95) {
          s.close();
          s = open(mode);
          undoStack.clear(); // close checkpoints: nothing left to undo
        } else {
          s.flush();
        }
        if (step % 97 == 0 || step == STEPS - 1) {
          assertThat(snapshotOf(s)).as(why + " step " + step).isEqualTo(model);
        }
        if (undoStack.size() != s.stats().opsCount() && mode != WriteMode.ASYNC) {
          // Auto-checkpoints clear the undo history, as in opslog.
          assertThat(s.stats().opsCount()).as(why).isLessThan(undoStack.size());
          while (undoStack.size() > s.stats().opsCount()) {
            undoStack.removeLast();
          }
        } else if (undoStack.size() > s.stats().opsCount()) {
          while (undoStack.size() > s.stats().opsCount()) {
            undoStack.removeLast();
          }
        }
      }
    } finally {
      s.close();
    }
    try (Store<JsonNode> again = open(mode)) {
      assertThat(snapshotOf(again)).as(why + " after reopen").isEqualTo(model);
    }
  }

  private Store<JsonNode> open(WriteMode mode) throws IOException {
    return Store.builder(dir, Codec.tree()).writeMode(mode).durability(Durability.NONE)
        .checkpointThreshold(60).open();
  }

  static Map<String, JsonNode> snapshotOf(Store<JsonNode> s) {
    Map<String, JsonNode> out = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : s.entries()) {
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  static JsonNode randomDoc(Random rnd, JsonNode previous) {
    if (rnd.nextInt(10) == 0) {
      return Json.mapper().getNodeFactory().numberNode(rnd.nextInt(1000));
    }
    ObjectNode o = previous != null && previous.isObject() && rnd.nextBoolean()
        ? ((ObjectNode) previous).deepCopy() : Json.mapper().createObjectNode();
    int changes = 1 + rnd.nextInt(3);
    for (int i = 0; i < changes; i++) {
      String key = "f" + rnd.nextInt(8);
      switch (rnd.nextInt(4)) {
        case 0 -> o.remove(key);
        case 1 -> o.put(key, rnd.nextInt(100));
        case 2 -> o.put(key, "v" + rnd.nextInt(1000) + "x".repeat(rnd.nextInt(30)));
        default -> o.putArray(key).add(rnd.nextInt(5)).add("a");
      }
    }
    return o;
  }
}
