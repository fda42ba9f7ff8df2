package dev.linebase.jsonl;

/**
 * A byte-level check that a UTF-8 byte range is exactly one JSON value (RFC 8259), surrounded by
 * optional whitespace. It is the fast path of {@link Json#problem}: a validating writer checks
 * every record, and creating a Jackson parser per 100-byte line costs several times more than
 * the record's copy into the page cache. Jackson still produces the error message when a record is
 * rejected, so the two must agree on what is valid; {@code JsonValidatorTest} checks that
 * differentially on seeded random inputs.
 *
 * <p>On well-formed UTF-8, accepted is exactly what Jackson's default {@code JsonFactory} accepts:
 * no comments, single quotes, trailing commas, leading zeros, {@code NaN}/{@code Infinity} or
 * unquoted names; control characters below 0x20 must be escaped inside strings. Strings must also
 * be well-formed UTF-8 (no overlong forms, no encoded surrogates, nothing above U+10FFFF), which is
 * stricter than Jackson: a line this class accepts, Jackson accepts too. Jackson's default stream constraints
 * apply too ({@link #MAX_DEPTH} levels of nesting, {@link #MAX_NUMBER_CHARS} characters per
 * number), so a line this class accepts is one that any Linebase reader can parse.
 *
 * <p>The scan is iterative (an explicit stack of container kinds), so deep nesting cannot overflow
 * the thread stack; the kinds of the innermost 64 open containers are bits of a {@code long}, so a
 * typical record allocates nothing. This class is stateless and thread-safe.
 */
final class JsonValidator {
  /** Jackson 2.18's default maximum nesting depth. */
  static final int MAX_DEPTH = 1000;
  /** Jackson 2.18's default maximum number length, in characters. */
  static final int MAX_NUMBER_CHARS = 1000;

  private static final int VALID = -1;

  private JsonValidator() {}

  /**
   * Returns {@code -1} when {@code b[off, off+len)} is exactly one JSON value, otherwise the
   * position (relative to {@code off}) of the first byte that makes it invalid, or {@code len}
   * when the input ends too early.
   */
  static int firstError(byte[] b, int off, int len) {
    int end = off + len;
    int p = skipWs(b, off, end);
    if (p == end) {
      return len;
    }
    // Open containers, innermost in bit 0: 1 = object, 0 = array. The first 64 levels live in
    // `kinds`; deeper ones spill to `deeper` (allocated only for such records).
    long kinds = 0;
    boolean[] deeper = null;
    int depth = 0;
    while (true) {
      // Expect a value at p.
      if (p >= end) {
        return len;
      }
      int c = b[p];
      if (c == '{' || c == '[') {
        if (depth == MAX_DEPTH) {
          return p - off;
        }
        boolean object = c == '{';
        if (depth >= Long.SIZE) {
          if (deeper == null) {
            deeper = new boolean[MAX_DEPTH];
          }
          deeper[depth - Long.SIZE] = (kinds >>> (Long.SIZE - 1)) != 0;
        }
        kinds = (kinds << 1) | (object ? 1 : 0);
        depth++;
        p = skipWs(b, p + 1, end);
        if (p >= end) {
          return len;
        }
        if (b[p] == (object ? '}' : ']')) {
          kinds = pop(kinds, deeper, --depth);
          p++;
          // fall through to "after value"
        } else if (object) {
          p = objectKey(b, p, end);
          if (p < 0) {
            return ~p - off;
          }
          continue;
        } else {
          continue;
        }
      } else {
        p = scalar(b, p, end);
        if (p < 0) {
          return ~p - off;
        }
      }
      // After a value: close containers or move to the next element.
      while (true) {
        p = skipWs(b, p, end);
        if (depth == 0) {
          return p == end ? VALID : p - off;
        }
        if (p >= end) {
          return len;
        }
        boolean object = (kinds & 1) != 0;
        int d = b[p];
        if (d == ',') {
          p = skipWs(b, p + 1, end);
          if (object) {
            p = objectKey(b, p, end);
            if (p < 0) {
              return ~p - off;
            }
          }
          break; // expect a value
        }
        if (d == (object ? '}' : ']')) {
          kinds = pop(kinds, deeper, --depth);
          p++;
          continue;
        }
        return p - off;
      }
    }
  }

  /**
   * Closes the innermost container: shifts it out of {@code kinds} and, when {@code depth} (the
   * count of containers still open) is 64 or more, shifts back in the kind that spilled.
   */
  private static long pop(long kinds, boolean[] deeper, int depth) {
    kinds >>>= 1;
    if (depth >= Long.SIZE && deeper[depth - Long.SIZE]) {
      kinds |= 1L << (Long.SIZE - 1);
    }
    return kinds;
  }

  /** Parses {@code "name" ws :} ws at p; returns the position of the value or ~errorPosition. */
  private static int objectKey(byte[] b, int p, int end) {
    if (p >= end) {
      return ~end;
    }
    if (b[p] != '"') {
      return ~p;
    }
    p = string(b, p, end);
    if (p < 0) {
      return p;
    }
    p = skipWs(b, p, end);
    if (p >= end) {
      return ~end;
    }
    if (b[p] != ':') {
      return ~p;
    }
    return skipWs(b, p + 1, end);
  }

  /** Parses a string, number or literal at p; returns the position after it or ~errorPosition. */
  private static int scalar(byte[] b, int p, int end) {
    int c = b[p];
    switch (c) {
      case '"':
        return string(b, p, end);
      case 't':
        return literal(b, p, end, "true");
      case 'f':
        return literal(b, p, end, "false");
      case 'n':
        return literal(b, p, end, "null");
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number(b, p, end);
        }
        return ~p;
    }
  }

  private static int literal(byte[] b, int p, int end, String word) {
    for (int i = 0; i < word.length(); i++) {
      if (p + i >= end || b[p + i] != word.charAt(i)) {
        return ~Math.min(p + i, end);
      }
    }
    int q = p + word.length();
    // Jackson rejects "truex" / "null1" as one unrecognized token.
    if (q < end && isTokenChar(b[q])) {
      return ~q;
    }
    return q;
  }

  private static boolean isTokenChar(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
        || c == '$' || c < 0;
  }

  private static int number(byte[] b, int p, int end) {
    int start = p;
    if (b[p] == '-') {
      p++;
      if (p >= end) {
        return ~end;
      }
    }
    if (b[p] == '0') {
      p++;
      if (p < end && b[p] >= '0' && b[p] <= '9') {
        return ~p; // leading zero
      }
    } else if (b[p] >= '1' && b[p] <= '9') {
      p = digits(b, p, end);
    } else {
      return ~p;
    }
    if (p < end && b[p] == '.') {
      p++;
      int q = digits(b, p, end);
      if (q == p) {
        return ~Math.min(p, end);
      }
      p = q;
    }
    if (p < end && (b[p] == 'e' || b[p] == 'E')) {
      p++;
      if (p < end && (b[p] == '+' || b[p] == '-')) {
        p++;
      }
      int q = digits(b, p, end);
      if (q == p) {
        return ~Math.min(p, end);
      }
      p = q;
    }
    if (p - start > MAX_NUMBER_CHARS) {
      return ~start;
    }
    if (p < end && isTokenChar(b[p])) {
      return ~p;
    }
    return p;
  }

  private static int digits(byte[] b, int p, int end) {
    while (p < end && b[p] >= '0' && b[p] <= '9') {
      p++;
    }
    return p;
  }

  /** Parses a string starting at the quote at p; returns the position after the closing quote. */
  private static int string(byte[] b, int p, int end) {
    p++;
    while (p < end) {
      int c = b[p];
      if (c == '"') {
        return p + 1;
      }
      if (c == '\\') {
        if (p + 1 >= end) {
          return ~end;
        }
        int e = b[p + 1];
        switch (e) {
          case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
            p += 2;
            break;
          case 'u':
            if (p + 6 > end) {
              return ~end;
            }
            for (int i = p + 2; i < p + 6; i++) {
              if (!isHex(b[i])) {
                return ~i;
              }
            }
            p += 6;
            break;
          default:
            return ~(p + 1);
        }
      } else if (c >= 0x20) {
        p++;
      } else if (c >= 0) {
        return ~p; // unescaped control character
      } else {
        int q = utf8(b, p, end);
        if (q < 0) {
          return q;
        }
        p = q;
      }
    }
    return ~end;
  }

  private static boolean isHex(byte c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Validates one multi-byte UTF-8 sequence at p (lead byte >= 0x80). */
  private static int utf8(byte[] b, int p, int end) {
    int c = b[p] & 0xFF;
    int n;
    int min;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      min = 0x10000;
    } else {
      return ~p;
    }
    if (p + n >= end) {
      return ~end; // fewer than n continuation bytes remain
    }
    int cp = c & (0x3F >> n);
    for (int i = 1; i <= n; i++) {
      int cc = b[p + i] & 0xFF;
      if ((cc & 0xC0) != 0x80) {
        return ~(p + i);
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return ~p;
    }
    return p + n + 1;
  }

  private static int skipWs(byte[] b, int p, int end) {
    while (p < end) {
      int c = b[p];
      if (c > ' ' || (c != ' ' && c != '\t' && c != '\n' && c != '\r')) {
        return p;
      }
      p++;
    }
    return p;
  }
}
