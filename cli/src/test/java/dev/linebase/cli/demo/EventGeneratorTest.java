package dev.linebase.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventGeneratorTest {
  @TempDir Path dir;

  @Test
  void everyLineIsAnEventObjectAndTheFileIsDeterministic() throws Exception {
    Path a = dir.resolve("a.jsonl");
    Path b = dir.resolve("b.jsonl");
    long[] progress = {0};
    long bytes = new EventGenerator(1).writeFile(a, 20_000, n -> progress[0] = n);
    new EventGenerator(1).writeFile(b, 20_000, n -> { });
    assertThat(progress[0]).isEqualTo(20_000);
    assertThat(Files.size(a)).isEqualTo(bytes);
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    List<String> lines = Files.readAllLines(a);
    assertThat(lines).hasSize(20_000);
    Set<String> events = new HashSet<>();
    String previousTs = "";
    for (int i = 0; i < lines.size(); i++) {
      JsonNode node = Json.mapper().readTree(lines.get(i));
      assertThat(node.get("seq").asLong()).isEqualTo(i);
      String ts = node.get("ts").asText();
      assertThat(ts).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      assertThat(ts).isGreaterThanOrEqualTo(previousTs);
      previousTs = ts;
      assertThat(node.get("user").asText()).matches("u_\\d{6}");
      assertThat(node.get("props").isObject()).isTrue();
      events.add(node.get("event").asText());
    }
    assertThat(events).contains("page_view", "click", "search", "add_to_cart", "purchase",
        "signup", "error");
    assertThat(bytes / lines.size()).isBetween(120L, 260L);
  }

  @Test
  void continuesASequence() throws Exception {
    EventGenerator first = new EventGenerator(3);
    String last = null;
    for (int i = 0; i < 1000; i++) {
      last = first.nextLine();
    }
    JsonNode next = Json.mapper().readTree(new EventGenerator(4).continueAfter(last).nextLine());
    JsonNode previous = Json.mapper().readTree(last);
    assertThat(next.get("seq").asLong()).isEqualTo(1000);
    assertThat(next.get("ts").asText()).isGreaterThanOrEqualTo(previous.get("ts").asText());
  }

  @Test
  void seedsDiffer() {
    assertThat(new EventGenerator(1).nextLine()).isNotEqualTo(new EventGenerator(2).nextLine());
  }
}
