package dev.linebase.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DurabilityTest {
  @Test
  void parsesEverySpellingTheCliAccepts() {
    assertThat(Durability.parse("none")).isEqualTo(Durability.NONE);
    assertThat(Durability.parse(" SYNC ")).isEqualTo(Durability.SYNC);
    assertThat(Durability.parse("group")).isEqualTo(Durability.GROUP);
    assertThat(Durability.parse("group(64, 5)")).isEqualTo(Durability.group(64, 5));
    assertThat(Durability.parse(Durability.group(7, 1).toString())).isEqualTo(Durability.group(7, 1));
  }

  @Test
  void rejectsNonsenseWithTheText() {
    assertThatThrownBy(() -> Durability.parse("fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'fast'");
    assertThatThrownBy(() -> Durability.group(0, 1)).hasMessage("maxRecords <= 0: 0");
    assertThatThrownBy(() -> Durability.group(1, -1)).hasMessage("maxDelayMillis < 0: -1");
  }

  @Test
  void onlyNoneSkipsTheFsync() {
    assertThat(Durability.NONE.forces()).isFalse();
    assertThat(Durability.SYNC.forces()).isTrue();
    assertThat(Durability.GROUP.forces()).isTrue();
  }
}
