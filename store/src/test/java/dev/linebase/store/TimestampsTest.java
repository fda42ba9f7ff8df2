package dev.linebase.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The per-millisecond timestamp cache and the op line bytes it feeds. */
class TimestampsTest {
  @Test
  void theCurrentTimestampsJsonIsItsQuotedTextAndOnlyThatStringGetsIt() {
    String ts = null;
    byte[] json = null;
    // Null only if another thread formatted a new millisecond in between: try again.
    for (int attempt = 0; attempt < 1_000 && json == null; attempt++) {
      ts = Timestamps.now();
      json = Timestamps.jsonIfCurrent(ts);
    }
    assertThat(ts).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    assertThat(json).isNotNull();
    assertThat(new String(json, StandardCharsets.US_ASCII)).isEqualTo("\"" + ts + "\"");
    // An equal string that is not the cached one (e.g. a decoded op's) is escaped as before.
    assertThat(Timestamps.jsonIfCurrent(new String(ts))).isNull();
    assertThat(Timestamps.jsonIfCurrent("2026-11-23T16:13:04.445Z")).isNull();
  }

  @Test
  void anOpLineIsTheSameBytesWithACachedOrAnEqualTimestamp() {
    String ts = Timestamps.now();
    byte[] data = "{\"n\":1}".getBytes(StandardCharsets.UTF_8);
    OpLine cached = new OpLine(ts, true, "a", null, data, false, null, -1);
    OpLine copied = new OpLine(new String(ts), true, "a", null, data, false, null, -1);
    assertThat(new String(cached.encode(), StandardCharsets.UTF_8))
        .isEqualTo("{\"ts\":\"" + ts + "\",\"op\":\"set\",\"id\":\"a\",\"prev\":null,\"data\":{\"n\":1}}")
        .isEqualTo(new String(copied.encode(), StandardCharsets.UTF_8));
  }
}
