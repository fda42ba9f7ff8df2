package dev.linebase.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Json;
import java.util.Iterator;
import java.util.Map;

/**
 * Prints a JSON tree exactly as JavaScript's {@code JSON.stringify(value, null, 2)} lays it out,
 * which opslog uses for {@code manifest.json} and archive files: two-space indentation, one member
 * or element per line, {@code "key": value} with one space after the colon, empty objects and
 * arrays as {@code {}} and {@code []}, no trailing newline. Scalars are printed by Jackson
 * (identical to JavaScript for strings, integers and booleans). Stateless and thread-safe.
 */
final class PrettyJson {
  private PrettyJson() {}

  static String print(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    write(node, sb, 0);
    return sb.toString();
  }

  private static void write(JsonNode node, StringBuilder sb, int indent) {
    if (node.isObject()) {
      if (node.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append("{\n");
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        pad(sb, indent + 2);
        sb.append(scalar(Json.mapper().getNodeFactory().textNode(e.getKey()))).append(": ");
        write(e.getValue(), sb, indent + 2);
        sb.append(it.hasNext() ? ",\n" : "\n");
      }
      pad(sb, indent);
      sb.append('}');
    } else if (node.isArray()) {
      if (node.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append("[\n");
      for (int i = 0; i < node.size(); i++) {
        pad(sb, indent + 2);
        write(node.get(i), sb, indent + 2);
        sb.append(i + 1 < node.size() ? ",\n" : "\n");
      }
      pad(sb, indent);
      sb.append(']');
    } else {
      sb.append(scalar(node));
    }
  }

  private static String scalar(JsonNode node) {
    try {
      return Json.mapper().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot print JSON value: " + e.getOriginalMessage(), e);
    }
  }

  private static void pad(StringBuilder sb, int n) {
    for (int i = 0; i < n; i++) {
      sb.append(' ');
    }
  }
}
