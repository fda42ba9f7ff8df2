package dev.linebase.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linebase.io.CorruptFileException;
import dev.linebase.io.Durability;
import dev.linebase.jsonl.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An archive segment, {@code archive/archive-<period>.json}: records moved out of the active set.
 * Format version 1 (opslog 0.8.x), one JSON object printed as {@code JSON.stringify(x, null, 2)}
 * (see {@link PrettyJson}), no trailing newline:
 *
 * <pre>
 * {
 *   "version": 1,
 *   "period": "2026-Q4",
 *   "timestamp": "2026-11-23T16:13:04.448Z",     time of the last write
 *   "records": { "&lt;id&gt;": &lt;document&gt;, ... }
 * }
 * </pre>
 *
 * Archiving into an existing period merges: existing records first, then the new ones (a new
 * record replaces an existing one of the same id). The default period is the local calendar
 * quarter, {@code <year>-Q<1..4>}, as opslog names it. The period becomes part of a file name and
 * is checked by {@link StoreFiles#checkName}. Written atomically ({@link AtomicFiles}); an invalid
 * segment on read is a {@link CorruptFileException}. Stateless and thread-safe.
 */
final class ArchiveFile {
  static final int FORMAT_VERSION = 1;

  private ArchiveFile() {}

  static String defaultPeriod(LocalDate today) {
    return today.getYear() + "-Q" + ((today.getMonthValue() + 2) / 3);
  }

  /** Reads a segment's records in file order. */
  static Map<String, byte[]> read(StoreBackend backend, Path file) throws IOException {
    JsonNode root;
    try {
      root = Json.mapper().readTree(backend.readAll(file));
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      throw invalid(file, "not JSON: " + Manifest.firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw invalid(file, "not an object");
    }
    JsonNode v = root.get("version");
    if (v == null || !v.isIntegralNumber() || v.asLong() < 1) {
      throw invalid(file, "version must be a positive integer");
    }
    if (!root.path("period").isTextual() || root.get("period").textValue().isEmpty()) {
      throw invalid(file, "period must be a non-empty string");
    }
    if (!root.path("timestamp").isTextual() || root.get("timestamp").textValue().isEmpty()) {
      throw invalid(file, "timestamp must be a non-empty string");
    }
    JsonNode records = root.get("records");
    if (records == null || !records.isObject()) {
      throw invalid(file, "records must be an object");
    }
    Map<String, byte[]> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = records.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), JsonBytes.write(e.getValue()));
    }
    return out;
  }

  /** Merges {@code records} into the segment of {@code period} and returns its relative path. */
  static String write(StoreBackend backend, Path dir, String period, Map<String, byte[]> records)
      throws IOException {
    String relative = StoreFiles.archiveName(period);
    Path file = StoreFiles.resolve(dir, relative);
    Map<String, byte[]> merged = new LinkedHashMap<>();
    if (backend.exists(file)) {
      merged.putAll(read(backend, file));
    }
    merged.putAll(records);
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("version", FORMAT_VERSION);
    root.put("period", period);
    root.put("timestamp", Timestamps.now());
    ObjectNode recs = root.putObject("records");
    for (Map.Entry<String, byte[]> e : merged.entrySet()) {
      recs.set(e.getKey(), JsonBytes.readTrusted(e.getValue()));
    }
    backend.createDirectories(file.getParent());
    byte[] bytes = PrettyJson.print(root).getBytes(StandardCharsets.UTF_8);
    // Commit point: the atomic replacement of the segment by StoreBackend.replace.
    backend.replace(file, out -> out.write(bytes), Durability.SYNC);
    return relative;
  }

  private static CorruptFileException invalid(Path file, String problem) {
    return new CorruptFileException(file, CorruptFileException.UNKNOWN, CorruptFileException.UNKNOWN,
        "invalid archive segment: " + problem);
  }
}
