package dev.linebase.jsonl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.linebase.testkit.Seeds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link JacksonCodec#encode} reuses a generator per thread: its bytes must not show it. */
class JacksonCodecTest {
  public record Event(long seq, String userName, double score, List<String> tags) {}

  public record Other(int id, Map<String, Object> attrs) {}

  private static final ObjectMapper SNAKE =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  @Test
  void encodesExactlyWhatJacksonWritesWhateverCodecsAThreadAlternatesBetween() throws Exception {
    Random rnd = new Random(Seeds.seed("JacksonCodecTest.alternating"));
    JacksonCodec<Event> events = new JacksonCodec<>(Json.mapper(), Event.class);
    JacksonCodec<Other> others = new JacksonCodec<>(Json.mapper(), Other.class);
    JacksonCodec<Event> snake = new JacksonCodec<>(SNAKE, Event.class);
    JacksonCodec<Object> any = new JacksonCodec<>(Json.mapper(), Object.class);
    for (int i = 0; i < 5_000; i++) {
      Event e = new Event(rnd.nextLong(), text(rnd), rnd.nextDouble() * 1e6, tags(rnd));
      switch (rnd.nextInt(4)) {
        case 0 -> assertThat(events.encode(e))
            .isEqualTo(Json.mapper().writerFor(Event.class).writeValueAsBytes(e));
        case 1 -> assertThat(snake.encode(e))
            .as("another mapper's configuration: snake_case names")
            .isEqualTo(SNAKE.writerFor(Event.class).writeValueAsBytes(e))
            .asString().contains("\"user_name\"");
        case 2 -> {
          Map<String, Object> attrs = new LinkedHashMap<>();
          attrs.put(text(rnd), rnd.nextInt());
          attrs.put("nested", Map.of("t", tags(rnd)));
          Other o = new Other(rnd.nextInt(), attrs);
          assertThat(others.encode(o))
              .isEqualTo(Json.mapper().writerFor(Other.class).writeValueAsBytes(o));
        }
        default -> {
          Object v = rnd.nextBoolean() ? text(rnd) : (Object) rnd.nextInt();
          assertThat(any.encode(v)).isEqualTo(Json.mapper().writeValueAsBytes(v));
        }
      }
    }
  }

  @Test
  void aValueThatFailsLeavesTheNextOneIntact() throws Exception {
    JacksonCodec<Object> codec = new JacksonCodec<>(Json.mapper(), Object.class);
    Map<String, Object> before = Map.of("a", 1);
    assertThat(codec.encode(before)).isEqualTo(Json.mapper().writeValueAsBytes(before));
    assertThatThrownBy(() -> codec.encode(new Failing()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Failing.class.getName())
        .hasMessageContaining("not JSON-mappable");
    Map<String, Object> after = Map.of("b", List.of(1, 2), "c", "x\ny");
    assertThat(codec.encode(after)).isEqualTo(Json.mapper().writeValueAsBytes(after));
  }

  @Test
  void aSerializerThatEncodesWithACodecGetsItsOwnGenerator() throws Exception {
    JacksonCodec<Wrapper> codec = new JacksonCodec<>(Json.mapper(), Wrapper.class);
    Wrapper w = new Wrapper(List.of("p", "q"));
    byte[] bytes = codec.encode(w);
    assertThat(new String(bytes, UTF_8))
        .isEqualTo("{\"inner\":\"[\\\"p\\\",\\\"q\\\"]\"}");
    assertThat(codec.encode(w)).isEqualTo(bytes);
  }

  /** A getter that throws, halfway through the object's fields. */
  public static final class Failing {
    public int getA() {
      return 1;
    }

    public int getB() {
      throw new IllegalStateException("no b");
    }
  }

  /** Serialized as {"inner": <its list encoded by a codec, as a string>}. */
  @JsonSerialize(using = WrapperSerializer.class)
  public record Wrapper(List<String> items) {}

  static final class WrapperSerializer extends StdSerializer<Wrapper> {
    private static final long serialVersionUID = 1L;
    private static final JacksonCodec<Object> INNER = new JacksonCodec<>(Json.mapper(), Object.class);

    WrapperSerializer() {
      super(Wrapper.class);
    }

    @Override
    public void serialize(Wrapper w, JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeStartObject();
      g.writeStringField("inner", new String(INNER.encode(w.items()),
          UTF_8));
      g.writeEndObject();
    }
  }

  private static String text(Random rnd) {
    String[] pieces = {"a", "é", "世", "😀", "\"", "\\", "\n", "\t", "/", " ", "x".repeat(300)};
    StringBuilder sb = new StringBuilder();
    int n = rnd.nextInt(6);
    for (int i = 0; i < n; i++) {
      sb.append(pieces[rnd.nextInt(pieces.length)]);
    }
    return sb.toString();
  }

  private static List<String> tags(Random rnd) {
    List<String> out = new ArrayList<>();
    int n = rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      out.add(text(rnd));
    }
    return out;
  }
}
