package dev.linebase.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linebase.io.CorruptFileException;
import dev.linebase.io.Durability;
import dev.linebase.jsonl.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store's root pointer, {@code manifest.json}: which snapshot and which WAL file(s) hold the
 * current state. Format version 1 (opslog 0.8.x), written as {@code JSON.stringify(m, null, 2)}
 * (see {@link PrettyJson}), UTF-8, no trailing newline, replaced atomically:
 *
 * <pre>
 * {
 *   "version": 1,                        schema version of the records (integer &gt;= 1)
 *   "currentSnapshot": "snapshots/snap-&lt;ms&gt;.jsonl",
 *   "activeOps": "ops/ops-&lt;ms&gt;.jsonl",     single-writer WAL (in multi-writer mode: the
 *                                         compacting agent's file)
 *   "activeAgentOps": {"&lt;agent&gt;": "ops/agent-&lt;agent&gt;-&lt;ms&gt;.jsonl", ...}   optional,
 *                                         multi-writer mode only
 *   "archiveSegments": ["archive/archive-&lt;period&gt;.json", ...],
 *   "stats": {
 *     "activeRecords": 2,                records in the snapshot when it was written
 *     "archivedRecords": 1,              records moved to archive files, cumulative
 *     "opsCount": 0,                     always 0 (opslog writes the count after a checkpoint)
 *     "created": "2026-11-23T16:13:04.444Z",        store creation, see {@link Timestamps}
 *     "lastCheckpoint": "2026-11-23T16:13:04.449Z"
 *   }
 * }
 * </pre>
 *
 * Keys are written in the order above. On read the validation is opslog's
 * ({@code validateManifest}): an invalid manifest is a {@link CorruptFileException}. Unknown keys
 * are ignored. Replacing the manifest is the commit point of a checkpoint and of an archive.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param version schema version
 * @param currentSnapshot snapshot path relative to the store directory
 * @param activeOps WAL path relative to the store directory
 * @param activeAgentOps agent id to WAL path, or null outside multi-writer mode
 * @param archiveSegments archive file paths
 * @param stats the counters
 */
public record Manifest(
    int version,
    String currentSnapshot,
    String activeOps,
    Map<String, String> activeAgentOps,
    List<String> archiveSegments,
    Stats stats) {

  /** Format version this class reads and writes. */
  public static final int FORMAT_VERSION = 1;

  public Manifest {
    activeAgentOps =
        activeAgentOps == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(activeAgentOps));
    archiveSegments = List.copyOf(archiveSegments);
  }

  /**
   * The {@code stats} object.
   *
   * @param activeRecords records in the snapshot
   * @param archivedRecords records archived so far
   * @param opsCount ops since the checkpoint (opslog always writes 0)
   * @param created creation timestamp
   * @param lastCheckpoint timestamp of the last checkpoint
   */
  public record Stats(
      long activeRecords, long archivedRecords, long opsCount, String created, String lastCheckpoint) {}

  Manifest withAgentOps(Map<String, String> agentOps) {
    return new Manifest(version, currentSnapshot, activeOps, agentOps, archiveSegments, stats);
  }

  /** Reads {@code dir/manifest.json}, or returns null when there is none (a fresh directory). */
  static Manifest readIfExists(Path dir) throws IOException {
    return readIfExists(FileSystemBackend.INSTANCE, dir);
  }

  /** Reads {@code dir/manifest.json} from {@code backend}, or returns null when there is none. */
  static Manifest readIfExists(StoreBackend backend, Path dir) throws IOException {
    Path file = dir.resolve(StoreFiles.MANIFEST);
    byte[] bytes;
    try {
      bytes = backend.readAll(file);
    } catch (NoSuchFileException e) {
      return null;
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new CorruptFileException(file, CorruptFileException.UNKNOWN, CorruptFileException.UNKNOWN,
          "invalid manifest: not JSON: " + firstLine(e.getMessage()), e);
    }
    return parse(file, root);
  }

  static Manifest parse(Path file, JsonNode root) throws CorruptFileException {
    if (root == null || !root.isObject()) {
      throw invalid(file, "not an object");
    }
    int version = positiveInt(file, root.get("version"), "version must be a positive integer");
    String snapshot = nonEmpty(file, root.get("currentSnapshot"), "missing currentSnapshot");
    String ops = nonEmpty(file, root.get("activeOps"), "missing activeOps");
    JsonNode segs = root.get("archiveSegments");
    if (segs == null || !segs.isArray()) {
      throw invalid(file, "archiveSegments must be an array");
    }
    List<String> segments = new ArrayList<>();
    for (JsonNode s : segs) {
      segments.add(nonEmpty(file, s, "archiveSegments entries must be non-empty strings"));
    }
    JsonNode st = root.get("stats");
    if (st == null || !st.isObject()) {
      throw invalid(file, "missing stats");
    }
    Stats stats = new Stats(
        count(file, st.get("activeRecords"), "stats.activeRecords"),
        count(file, st.get("archivedRecords"), "stats.archivedRecords"),
        count(file, st.get("opsCount"), "stats.opsCount"),
        nonEmpty(file, st.get("created"), "stats.created must be a non-empty string"),
        nonEmpty(file, st.get("lastCheckpoint"), "stats.lastCheckpoint must be a non-empty string"));
    Map<String, String> agents = null;
    JsonNode ag = root.get("activeAgentOps");
    if (ag != null && !ag.isNull()) {
      if (!ag.isObject()) {
        throw invalid(file, "activeAgentOps must be an object");
      }
      agents = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = ag.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        agents.put(e.getKey(),
            nonEmpty(file, e.getValue(), "activeAgentOps values must be non-empty strings"));
      }
    }
    return new Manifest(version, snapshot, ops, agents, segments, stats);
  }

  /** The manifest as opslog prints it. */
  String toJson() {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("version", version);
    root.put("currentSnapshot", currentSnapshot);
    root.put("activeOps", activeOps);
    if (activeAgentOps != null) {
      ObjectNode ag = root.putObject("activeAgentOps");
      activeAgentOps.forEach(ag::put);
    }
    ArrayNode segs = root.putArray("archiveSegments");
    archiveSegments.forEach(segs::add);
    ObjectNode st = root.putObject("stats");
    st.put("activeRecords", stats.activeRecords());
    st.put("archivedRecords", stats.archivedRecords());
    st.put("opsCount", stats.opsCount());
    st.put("created", stats.created());
    st.put("lastCheckpoint", stats.lastCheckpoint());
    return PrettyJson.print(root);
  }

  /** Atomically replaces {@code dir/manifest.json}, forced when {@code durability} forces. */
  void write(StoreBackend backend, Path dir, Durability durability) throws IOException {
    byte[] bytes = toJson().getBytes(StandardCharsets.UTF_8);
    // Commit point: the atomic replacement of manifest.json by StoreBackend.replace.
    backend.replace(dir.resolve(StoreFiles.MANIFEST), out -> out.write(bytes), durability);
  }

  private static CorruptFileException invalid(Path file, String problem) {
    return new CorruptFileException(file, CorruptFileException.UNKNOWN, CorruptFileException.UNKNOWN,
        "invalid manifest: " + problem);
  }

  private static int positiveInt(Path file, JsonNode n, String problem) throws CorruptFileException {
    if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 1) {
      throw invalid(file, problem);
    }
    return n.intValue();
  }

  private static long count(Path file, JsonNode n, String name) throws CorruptFileException {
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
      throw invalid(file, name + " must be a non-negative integer");
    }
    return n.longValue();
  }

  private static String nonEmpty(Path file, JsonNode n, String problem) throws CorruptFileException {
    if (n == null || !n.isTextual() || n.textValue().isEmpty()) {
      throw invalid(file, problem);
    }
    return n.textValue();
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int cut = s.indexOf('\n');
    return cut < 0 ? s : s.substring(0, cut);
  }
}
