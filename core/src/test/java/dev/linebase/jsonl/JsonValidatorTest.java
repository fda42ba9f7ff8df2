package dev.linebase.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.testkit.Seeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks the fast validator against Jackson, the parser every reader uses. */
class JsonValidatorTest {
  private static final String[] VALID = {
    "0", "-0", "1.5e10", "-12.25E-3", "1E+2", "true", "false", "null", "\"\"", " \"a\\\"b\" ",
    "\"\\u00e9\\uD83D\\uDE00\\/\\b\\f\\n\\r\\t\"", "[]", "{}", "[1,[2,[3]],{\"a\":{}}]",
    "{\"k\" : [ true , null ] , \"x\":-1}", "\"héllo 世界 😀 שלום\"", "\t[\r\n1\n]\r\n",
  };
  private static final String[] INVALID = {
    "", "   ", "01", "-", "1.", ".5", "1e", "+1", "NaN", "Infinity", "tru", "truex", "nul",
    "'a'", "\"abc", "\"a\\x\"", "\"\\u12G4\"", "\"tab\there\"", "[1,]", "[,1]", "{\"a\":1,}",
    "{a:1}", "{\"a\" 1}", "{\"a\":}", "[1 2]", "1 2", "{}[]", "[", "]", "{\"a\":1", "[1}",
    "/*c*/1", "1//c", "[1]x", "\"a\"\"b\"", "[true1]", "-01", "1.5.5", "[1a]",
  };

  private static boolean fast(byte[] b) {
    return JsonValidator.firstError(b, 0, b.length) < 0;
  }

  /** Jackson's verdict, decoding every string and number (so nothing is merely skipped). */
  private static boolean jackson(byte[] b) {
    try {
      JsonNode node = Json.mapper().readTree(b);
      return node != null && !node.isMissingNode();
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void knownValidAndInvalidValues() {
    for (String s : VALID) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      assertThat(fast(b)).as("valid: %s", s).isTrue();
      assertThat(jackson(b)).as("jackson valid: %s", s).isTrue();
      assertThat(Json.problem(b, 0, b.length)).as(s).isNull();
    }
    for (String s : INVALID) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      assertThat(fast(b)).as("invalid: %s", s).isFalse();
      assertThat(jackson(b)).as("jackson invalid: %s", s).isFalse();
      assertThat(Json.problem(b, 0, b.length)).as(s).isNotNull();
    }
  }

  @Test
  void respectsOffsetAndLength() {
    byte[] b = "xx[1,2]yy".getBytes(StandardCharsets.UTF_8);
    assertThat(JsonValidator.firstError(b, 2, 5)).isEqualTo(-1);
    assertThat(JsonValidator.firstError(b, 2, 6)).isEqualTo(5);
    assertThat(JsonValidator.firstError(b, 2, 4)).isEqualTo(4);
  }

  @Test
  void nestingAndNumberLimitsMatchJacksonDefaults() {
    String ok = "[".repeat(JsonValidator.MAX_DEPTH) + "]".repeat(JsonValidator.MAX_DEPTH);
    String deep = "[".repeat(JsonValidator.MAX_DEPTH + 1) + "]".repeat(JsonValidator.MAX_DEPTH + 1);
    assertThat(fast(ok.getBytes(StandardCharsets.US_ASCII))).isTrue();
    assertThat(jackson(ok.getBytes(StandardCharsets.US_ASCII))).isTrue();
    assertThat(fast(deep.getBytes(StandardCharsets.US_ASCII))).isFalse();
    assertThat(jackson(deep.getBytes(StandardCharsets.US_ASCII))).isFalse();
    String longNumber = "1".repeat(JsonValidator.MAX_NUMBER_CHARS + 1);
    assertThat(fast(longNumber.getBytes(StandardCharsets.US_ASCII))).isFalse();
    assertThat(jackson(longNumber.getBytes(StandardCharsets.US_ASCII))).isFalse();
  }

  @Test
  void rejectsIllFormedUtf8InStrings() {
    byte[][] bad = {
      {'"', (byte) 0xC3, '"'}, // truncated sequence
      {'"', (byte) 0xC0, (byte) 0x80, '"'}, // overlong NUL
      {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, // encoded surrogate
      {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // above U+10FFFF
      {'"', (byte) 0xFF, '"'},
    };
    for (byte[] b : bad) {
      assertThat(fast(b)).isFalse();
    }
  }

  /** Container kinds past the first 64 levels are kept elsewhere; closing brackets must match. */
  @Test
  void deepMixedNestingClosesEachContainerWithItsOwnBracket() {
    Random rnd = new Random(Seeds.seed("JsonValidatorTest.deepMixedNesting"));
    for (int round = 0; round < 200; round++) {
      int depth = 1 + rnd.nextInt(300);
      boolean[] object = new boolean[depth];
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < depth; i++) {
        object[i] = rnd.nextBoolean();
        sb.append(object[i] ? "{\"k\":" : "[0,");
      }
      sb.append("1");
      int wrong = rnd.nextInt(4) == 0 ? rnd.nextInt(depth) : -1;
      for (int i = depth - 1; i >= 0; i--) {
        sb.append(object[i] == (i != wrong) ? '}' : ']');
      }
      byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
      assertThat(fast(b)).as("depth %d, wrong bracket at level %d", depth, wrong)
          .isEqualTo(wrong < 0).isEqualTo(jackson(b));
    }
  }

  /**
   * Every string byte that needs a look (quote, escape, control, non-ASCII), at every position of a
   * string and next to its closing quote, is found exactly where it is.
   */
  @Test
  void findsEveryStringByteThatNeedsALookAtEveryOffset() {
    int[][] wellFormed = {
      {'"'}, {'\\'}, {'\\', 'n'}, {'\\', '"'}, {'\\', 'x'}, {0x00}, {0x01}, {0x1F}, {0x20},
      {0x21}, {0x5B}, {0x7F}, {0xC3, 0xA9}, {0xE4, 0xB8, 0x96}, {0xF0, 0x9F, 0x98, 0x80},
    };
    int[][] illFormed = {{0xC3}, {0xFF}, {0x80}, {0xC0, 0x80}, {0xED, 0xA0, 0x80}};
    for (int len = 1; len <= 26; len++) {
      for (int at = 0; at < len; at++) {
        for (int[] special : wellFormed) {
          byte[] b = stringWith(len, at, special);
          assertThat(fast(b)).as("%s", new String(b, StandardCharsets.UTF_8))
              .isEqualTo(jackson(b));
        }
        for (int[] special : illFormed) {
          byte[] b = stringWith(len, at, special);
          // The error is the lead byte, or the byte after it where a continuation is missing.
          assertThat(JsonValidator.firstError(b, 0, b.length))
              .as("ill-formed UTF-8 at byte %d of %d", at + 1, b.length)
              .isBetween(at + 1, at + 2);
        }
      }
    }
  }

  /** {@code "} + {@code at} letters + {@code special} + letters up to {@code len} + {@code "}. */
  private static byte[] stringWith(int len, int at, int[] special) {
    byte[] b = new byte[len + special.length + 1];
    java.util.Arrays.fill(b, (byte) 'a');
    b[0] = '"';
    for (int i = 0; i < special.length; i++) {
      b[1 + at + i] = (byte) special[i];
    }
    b[b.length - 1] = '"';
    return b;
  }

  @Test
  void agreesWithJacksonOnSeededRandomMutations() {
    long seed = Long.getLong("linebase.seed", new Random().nextLong());
    System.out.println("SEED JsonValidatorTest.agreesWithJacksonOnSeededRandomMutations=" + seed);
    Random rnd = new Random(seed);
    String alphabet = "{}[],:\"\\ \t-+.0123456789eEtrufalsn/*'abcxu\u00e9\u4e16\ud83d\ude00";
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sb = new StringBuilder();
      randomValue(rnd, sb, 0);
      byte[] valid = sb.toString().getBytes(StandardCharsets.UTF_8);
      assertThat(fast(valid)).as("seed %d round %d: %s", seed, round, sb).isTrue();
      String mutated = mutate(rnd, sb.toString(), alphabet);
      byte[] b = mutated.getBytes(StandardCharsets.UTF_8);
      assertThat(fast(b)).as("seed %d round %d: %s", seed, round, mutated).isEqualTo(jackson(b));
    }
  }

  private static String mutate(Random rnd, String s, String alphabet) {
    StringBuilder sb = new StringBuilder(s);
    int edits = 1 + rnd.nextInt(3);
    for (int i = 0; i < edits; i++) {
      int at = sb.length() == 0 ? 0 : rnd.nextInt(sb.length());
      int cp = alphabet.codePointAt(alphabet.offsetByCodePoints(0, rnd.nextInt(
          alphabet.codePointCount(0, alphabet.length()))));
      switch (rnd.nextInt(3)) {
        case 0 -> sb.insert(at, Character.toChars(cp));
        case 1 -> {
          if (sb.length() > 0 && !Character.isSurrogate(sb.charAt(at))) {
            sb.deleteCharAt(at);
          }
        }
        default -> {
          if (sb.length() > 0 && !Character.isSurrogate(sb.charAt(at))) {
            sb.replace(at, at + 1, new String(Character.toChars(cp)));
          }
        }
      }
    }
    return sb.toString();
  }

  private static void randomValue(Random rnd, StringBuilder sb, int depth) {
    int kind = rnd.nextInt(depth > 4 ? 4 : 6);
    ws(rnd, sb);
    switch (kind) {
      case 0 -> sb.append(rnd.nextBoolean() ? "true" : rnd.nextBoolean() ? "false" : "null");
      case 1 -> randomNumber(rnd, sb);
      case 2, 3 -> randomString(rnd, sb);
      case 4 -> {
        sb.append('[');
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            sb.append(',');
          }
          randomValue(rnd, sb, depth + 1);
        }
        ws(rnd, sb);
        sb.append(']');
      }
      default -> {
        sb.append('{');
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            sb.append(',');
          }
          ws(rnd, sb);
          randomString(rnd, sb);
          ws(rnd, sb);
          sb.append(':');
          randomValue(rnd, sb, depth + 1);
        }
        ws(rnd, sb);
        sb.append('}');
      }
    }
    ws(rnd, sb);
  }

  private static void ws(Random rnd, StringBuilder sb) {
    if (rnd.nextInt(4) == 0) {
      sb.append(" \t\r\n".charAt(rnd.nextInt(4)));
    }
  }

  private static void randomNumber(Random rnd, StringBuilder sb) {
    if (rnd.nextBoolean()) {
      sb.append('-');
    }
    sb.append(rnd.nextInt(5) == 0 ? 0 : 1 + rnd.nextInt(100_000));
    if (rnd.nextBoolean()) {
      sb.append('.').append(rnd.nextInt(1000));
    }
    if (rnd.nextInt(4) == 0) {
      sb.append(rnd.nextBoolean() ? 'e' : 'E').append(rnd.nextBoolean() ? "-" : "+")
          .append(rnd.nextInt(300));
    }
  }

  private static void randomString(Random rnd, StringBuilder sb) {
    String[] pieces = {"a", "Z", " ", "\\\"", "\\\\", "\\n", "\\u00e9", "\\uD83D\\uDE00", "é",
        "世", "😀", "/", "\\/", "9"};
    sb.append('"');
    int n = rnd.nextInt(6);
    for (int i = 0; i < n; i++) {
      sb.append(pieces[rnd.nextInt(pieces.length)]);
    }
    sb.append('"');
  }
}
