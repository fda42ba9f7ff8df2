package dev.linebase.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeedsTest {
  @Test
  void propertyFixesTheSeedAndDescribeTellsHowToRerun() {
    String old = System.getProperty(Seeds.PROPERTY);
    try {
      System.setProperty(Seeds.PROPERTY, "1234");
      assertThat(Seeds.seed("SeedsTest")).isEqualTo(1234L);
      assertThat(Seeds.random("SeedsTest").nextLong())
          .isEqualTo(new java.util.Random(1234).nextLong());
      System.setProperty(Seeds.PROPERTY, "x");
      assertThatThrownBy(() -> Seeds.seed("SeedsTest"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'x'");
    } finally {
      if (old == null) {
        System.clearProperty(Seeds.PROPERTY);
      } else {
        System.setProperty(Seeds.PROPERTY, old);
      }
    }
    assertThat(Seeds.describe(42)).isEqualTo("seed 42 (rerun with -Dlinebase.seed=42)");
  }

  @Test
  void withoutThePropertySeedsDiffer() {
    if (System.getProperty(Seeds.PROPERTY) != null) {
      return; // a fixed seed was requested for the whole run
    }
    assertThat(Seeds.seed("a")).isNotEqualTo(Seeds.seed("b"));
  }
}
