package dev.linebase.timelog;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Codec;
import dev.linebase.jsonl.Json;
import dev.linebase.testkit.Seeds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ValueEncoder} writes exactly the bytes of {@link Codec#encode} (the WAL format). */
class ValueEncoderTest {

  @SuppressWarnings("unchecked")
  private static Codec<Object> untyped(Codec<?> codec) {
    return (Codec<Object>) codec;
  }

  private static Object randomValue(Random r, int depth) {
    switch (r.nextInt(depth > 2 ? 5 : 7)) {
      case 0:
        return r.nextInt();
      case 1:
        return r.nextLong();
      case 2:
        return r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
      case 3: {
        StringBuilder sb = new StringBuilder();
        String alphabet = "ab\"\\\n\r\t\u0000\u001f/é€\uD83D\uDE00 ";
        for (int i = r.nextInt(12); i > 0; i--) {
          sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
      }
      case 4:
        return r.nextBoolean();
      case 5: {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          m.put("k" + r.nextInt(100), randomValue(r, depth + 1));
        }
        return m;
      }
      default: {
        List<Object> l = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          l.add(randomValue(r, depth + 1));
        }
        return l;
      }
    }
  }

  @Test
  void sameBytesAsTheCodecForRandomValues() {
    Random r = Seeds.random("ValueEncoderTest");
    Codec<Object> codec = untyped(Codec.json(Object.class));
    ValueEncoder encoder = new ValueEncoder(codec);
    for (int i = 0; i < 5_000; i++) {
      Object v = randomValue(r, 0);
      long ts = r.nextBoolean() ? r.nextLong() : r.nextInt(1000);
      assertThat(new String(encoder.encode(v), UTF_8))
          .as("value %s", v).isEqualTo(new String(codec.encode(v),
              UTF_8));
      assertThat(encoder.recordLine(ts, v)).as("record %s %s", ts, v)
          .isEqualTo(TimelogWal.recordLine(ts, codec.encode(v)));
    }
    assertThat(encoder.recordLine(Long.MIN_VALUE, 1))
        .isEqualTo(("[" + Long.MIN_VALUE + ",1]").getBytes(US_ASCII));
  }

  @Test
  void treesAndOtherCodecs() throws Exception {
    Codec<Object> tree = untyped(Codec.tree());
    ValueEncoder encoder = new ValueEncoder(tree);
    JsonNode node = Json.mapper().readTree("{\"a\":[1,2.5,\"x\\ny\"],\"b\":null,\"c\":{}}");
    assertThat(encoder.recordLine(7, node)).isEqualTo(TimelogWal.recordLine(7, tree.encode(node)));
    Codec<Object> text = untyped(Codec.text());
    assertThat(new ValueEncoder(text).encode("plain")).isEqualTo(text.encode("plain"));
  }

  @Test
  void aValueJacksonCannotWriteFailsAndTheNextOneIsStillRight() {
    Codec<Object> codec = untyped(Codec.json(Object.class));
    ValueEncoder encoder = new ValueEncoder(codec);
    assertThat(encoder.recordLine(1, "a")).isEqualTo(TimelogWal.recordLine(1, codec.encode("a")));
    assertThatThrownBy(() -> encoder.recordLine(2, new Object()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON-mappable");
    assertThat(encoder.recordLine(3, List.of(1, "b")))
        .isEqualTo(TimelogWal.recordLine(3, codec.encode(List.of(1, "b"))));
  }
}
