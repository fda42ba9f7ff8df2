package dev.linebase.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBytesTest {
  @Test
  void parseIdDataFindsTheDataBytesAtAnyOffset() throws IOException {
    String[] datas = {"{\"a\":[1,{\"b\":\"}\"}]}", "\"text with \\\" quote\"", "12.5e3", "true", "[]"};
    for (String data : datas) {
      String line = "{\"id\":\"x\\\"y\",\"data\":" + data + "}";
      byte[] buf = ("garbage" + line + "more").getBytes(StandardCharsets.UTF_8);
      JsonBytes.IdData d = JsonBytes.parseIdData(buf, 7, line.getBytes(StandardCharsets.UTF_8).length);
      assertThat(d).as(data).isNotNull();
      assertThat(d.id()).isEqualTo("x\"y");
      assertThat(new String(d.data(), StandardCharsets.UTF_8)).isEqualTo(data);
    }
  }

  @Test
  void parseIdDataRejectsOtherShapes() throws IOException {
    for (String line : new String[] {"[1]", "{\"id\":1,\"data\":2}", "{\"id\":\"a\"}", "{\"id\":\"a\",\"data\":1} 2"}) {
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      try {
        assertThat(JsonBytes.parseIdData(b, 0, b.length)).as(line).isNull();
      } catch (IOException e) {
        assertThat(line).endsWith(" 2");
      }
    }
  }

  @Test
  void stringQuotingMatchesJavaScript() {
    assertThat(new String(JsonBytes.string("a\"b\\c\nd\u00e9"), StandardCharsets.UTF_8))
        .isEqualTo("\"a\\\"b\\\\c\\nd\u00e9\"");
  }
}
