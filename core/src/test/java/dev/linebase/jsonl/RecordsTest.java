package dev.linebase.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
}
