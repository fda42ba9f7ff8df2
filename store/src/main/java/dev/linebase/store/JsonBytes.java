package dev.linebase.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Json;
import java.io.IOException;
import java.util.Arrays;

/**
 * Small JSON helpers over compact UTF-8 bytes: the store keeps each document as the compact JSON
 * bytes of its value (a tenth of the memory of a tree), so snapshots are written by copying bytes.
 * Stateless and thread-safe.
 */
final class JsonBytes {
  private static final JsonFactory FACTORY = Json.mapper().getFactory();
  static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private JsonBytes() {}

  /** {@code s} as a JSON string literal, quotes included. */
  static byte[] string(String s) {
    byte[] body = JsonStringEncoder.getInstance().quoteAsUTF8(s);
    byte[] out = new byte[body.length + 2];
    out[0] = '"';
    System.arraycopy(body, 0, out, 1, body.length);
    out[out.length - 1] = '"';
    return out;
  }

  static byte[] write(JsonNode node) {
    try {
      return Json.mapper().writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  static String writeString(JsonNode node) {
    try {
      return Json.mapper().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  static JsonNode read(byte[] bytes) throws IOException {
    return Json.mapper().readTree(bytes);
  }

  /** Reads a tree from bytes the store itself produced (cannot fail unless memory is damaged). */
  static JsonNode readTrusted(byte[] bytes) {
    try {
      return Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("stored document is not JSON: " + e.getMessage(), e);
    }
  }

  /** A parsed {@code {"id":…,"data":…}} line; {@code data} is the value's bytes as written. */
  record IdData(String id, byte[] data) {}

  /**
   * Parses one snapshot record line without building a tree: finds {@code id} (a string) and the
   * bytes of the {@code data} value. Returns null if the line is not such an object.
   */
  static IdData parseIdData(byte[] buf, int off, int len) throws IOException {
    try (JsonParser p = FACTORY.createParser(buf, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String id = null;
      byte[] data = null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals("id") && v == JsonToken.VALUE_STRING) {
          id = p.getText();
        } else if (name.equals("data")) {
          long start = p.currentTokenLocation().getByteOffset();
          if (v.isStructStart()) {
            p.skipChildren();
          } else {
            p.finishToken();
          }
          long end = p.currentLocation().getByteOffset();
          // Locations are relative to the start of this content, not to the array.
          data = Arrays.copyOfRange(buf, off + (int) start, off + (int) end);
        } else {
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null || id == null || data == null) {
        return null;
      }
      return new IdData(id, data);
    }
  }
}
