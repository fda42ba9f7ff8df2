package dev.linebase.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linebase.jsonl.Json;
import java.util.Iterator;
import java.util.Map;

/**
 * Reverse deltas for {@code prev}, by opslog's rule ({@code createDelta} + {@code isDeltaSmaller}):
 * when a set replaces an existing document and both old and new are JSON objects, build
 *
 * <pre>
 * $set   = { k: old[k] }  for each key k of old, in old's order, that new lacks or whose value
 *                         serialises differently (JSON text comparison, key order matters)
 * $unset = [ k ]          for each key k of new, in new's order, that old lacks
 * patch  = {"$set":…,"$unset":…}   each part omitted when empty; no patch when both are empty
 * </pre>
 *
 * and store it (with {@code "encoding":"delta"}) when its compact JSON text is shorter, in UTF-16
 * code units, than the old document's; otherwise store the full old document. Example: old
 * {@code {"n":1,"name":"alpha"}}, new {@code {"n":2,"name":"alpha","x":true}} gives
 * {@code {"$set":{"n":1},"$unset":["x"]}}. opslog would also diff arrays index by index and fail
 * on a string replacing an object; Linebase stores the full document in those cases, which both
 * libraries read. Applying a patch to the new document restores the old one. Thread-safe.
 */
final class Delta {
  private Delta() {}

  /** The reverse patch to store as prev, or null to store the full old document. */
  static byte[] reversePatch(byte[] oldBytes, byte[] newBytes) {
    if (oldBytes[0] != '{' || newBytes[0] != '{') {
      return null;
    }
    JsonNode oldDoc = JsonBytes.readTrusted(oldBytes);
    JsonNode newDoc = JsonBytes.readTrusted(newBytes);
    if (!oldDoc.isObject() || !newDoc.isObject()) {
      return null;
    }
    ObjectNode set = Json.mapper().createObjectNode();
    ArrayNode unset = Json.mapper().createArrayNode();
    Iterator<Map.Entry<String, JsonNode>> it = oldDoc.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode now = newDoc.get(e.getKey());
      if (now == null || !JsonBytes.writeString(now).equals(JsonBytes.writeString(e.getValue()))) {
        set.set(e.getKey(), e.getValue());
      }
    }
    Iterator<String> names = newDoc.fieldNames();
    while (names.hasNext()) {
      String k = names.next();
      if (!oldDoc.has(k)) {
        unset.add(k);
      }
    }
    if (set.isEmpty() && unset.isEmpty()) {
      return null;
    }
    ObjectNode patch = Json.mapper().createObjectNode();
    if (!set.isEmpty()) {
      patch.set("$set", set);
    }
    if (!unset.isEmpty()) {
      patch.set("$unset", unset);
    }
    String patchText = JsonBytes.writeString(patch);
    String oldText = JsonBytes.writeString(oldDoc);
    return patchText.length() < oldText.length() ? JsonBytes.write(patch) : null;
  }

  /** Applies a reverse patch to {@code current}, giving the previous document. */
  static byte[] apply(byte[] current, byte[] patchBytes) {
    JsonNode cur = current == null ? null : JsonBytes.readTrusted(current);
    ObjectNode result = cur != null && cur.isObject()
        ? ((ObjectNode) cur).deepCopy() : Json.mapper().createObjectNode();
    JsonNode patch = JsonBytes.readTrusted(patchBytes);
    JsonNode set = patch.get("$set");
    if (set != null && set.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = set.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        result.set(e.getKey(), e.getValue());
      }
    }
    JsonNode unset = patch.get("$unset");
    if (unset != null && unset.isArray()) {
      for (JsonNode k : unset) {
        result.remove(k.asText());
      }
    }
    return JsonBytes.write(result);
  }
}
