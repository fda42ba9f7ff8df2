package dev.linebase.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.testkit.Seeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordsTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void rejectsRawNewlineAndCarriageReturnNamingTheByte() {
    assertThatThrownBy(() -> Records.check(b("ab\ncd"), 0, 5, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("raw \\n at byte 2");
    assertThatThrownBy(() -> Records.check(b("a\r"), 0, 2, 100))
        .hasMessageContaining("raw \\r at byte 1");
  }

  @Test
  void wordAtATimeScanFindsEveryPositionAndNoFalsePositives() {
    for (int n = 0; n < 40; n++) {
      int len = n;
      for (int at = 0; at < len; at++) {
        for (byte bad : new byte[] {'\n', '\r', 0}) {
          byte[] bytes = new byte[len + 3];
          java.util.Arrays.fill(bytes, (byte) 0x8A); // high-bit bytes near '\n'
          bytes[1 + at] = bad;
          if (bad == 0) {
            assertThat(Records.indexOfNul(bytes, 1, len)).isEqualTo(1 + at);
            assertThatCode(() -> Records.check(bytes, 1, len, 100)).doesNotThrowAnyException();
          } else {
            int pos = at;
            assertThatThrownBy(() -> Records.check(bytes, 1, len, 100))
                .hasMessageContaining("at byte " + pos);
            assertThat(Records.indexOfNul(bytes, 1, len)).isEqualTo(-1);
          }
        }
      }
      byte[] clean = new byte[len];
      java.util.Arrays.fill(clean, (byte) 0x0B);
      assertThat(Records.indexOfNul(clean, 0, len)).isEqualTo(-1);
      assertThatCode(() -> Records.check(clean, 0, clean.length, 100)).doesNotThrowAnyException();
    }
  }

  @Test
  void rejectsOversizeRecordsBeforeScanning() {
    assertThatThrownBy(() -> Records.check(new byte[11], 0, 11, 10))
        .hasMessage("record of 11 bytes exceeds maxRecordBytes 10");
  }

  @Test
  void jsonCheckAcceptsExactlyOneValue() {
    assertThatCode(() -> Records.checkJson(b(" {\"a\":[1,2]} "), 0, 13, 100))
        .doesNotThrowAnyException();
    assertThat(Json.problem(b("1 2"), 0, 3)).startsWith("more than one JSON value");
    assertThat(Json.problem(b(""), 0, 0)).isEqualTo("empty line is not a JSON value");
    assertThat(Json.problem(b("{\"a\":"), 0, 5)).startsWith("invalid JSON");
    assertThat(Json.isValue(b("\"str\""), 0, 5)).isTrue();
    assertThatThrownBy(() -> Records.checkJson(b("{oops}"), 0, 6, 100))
        .hasMessageStartingWith("record is not one JSON value: invalid JSON");
  }

  @Test
  void maxRecordBytesMustBePositive() {
    assertThatThrownBy(() -> Records.requireMaxRecordBytes(0))
        .hasMessage("maxRecordBytes <= 0: 0");
  }

  @Test
  void jacksonCodecRoundTripsAndEscapesNewlines() throws IOException {
    Codec<JsonNode> tree = Codec.tree();
    byte[] line = Codec.json(Map.class).encode(Map.of("text", "two\nlines"));
    assertThat(new String(line, StandardCharsets.UTF_8)).isEqualTo("{\"text\":\"two\\nlines\"}");
    assertThat(tree.decode(line, 0, line.length).get("text").asText()).isEqualTo("two\nlines");
    assertThatThrownBy(() -> Codec.json(Object.class).encode(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not JSON-mappable");
    assertThat(Codec.text().decode(b("héllo"), 0, 6)).isEqualTo("héllo");
  }

  /** The word-at-a-time newline search agrees with a byte loop at every offset and length. */
  @Test
  void indexOfFindsTheFirstNewlineInRange() {
    long seed = Seeds.seed("RecordsTest.indexOf");
    Random random = new Random(seed);
    for (int round = 0; round < 2_000; round++) {
      byte[] b = new byte[random.nextInt(40)];
      for (int i = 0; i < b.length; i++) {
        // Mostly bytes near '\n' in value (0x0A), to catch a lane test that is off by a bit.
        b[i] = random.nextInt(6) == 0 ? (byte) '\n' : (byte) (random.nextInt(4) == 0
            ? random.nextInt(256) : 0x08 + random.nextInt(5));
      }
      int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
      int end = from + random.nextInt(b.length - from + 1);
      int expected = -1;
      for (int i = from; i < end; i++) {
        if (b[i] == '\n') {
          expected = i;
          break;
        }
      }
      assertThat(Records.indexOf(b, from, end, (byte) '\n'))
          .as(Seeds.describe(seed) + " " + Arrays.toString(b) + " [" + from + ", " + end + ")")
          .isEqualTo(expected);
    }
  }
}
