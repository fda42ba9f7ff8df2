package dev.linebase.timelog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linebase.io.AtomicFiles;
import dev.linebase.io.CorruptFileException;
import dev.linebase.jsonl.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest of a durable timelog, {@code manifest.json}: which segment files are live, the
 * tombstones, and where the write-ahead log replay starts. Format version 1, one JSON object:
 *
 * <pre>
 * {"format":"linebase-timelog-manifest","version":1,
 *  "replayFromLine":L,          every record and delete on a WAL line below L is reflected
 *                               by the segments and tombstones below; replay starts at L
 *  "nextSegmentId":N,           ids below N are used (or were)
 *  "segments":[{"id":7,"level":0,"records":100,"minTs":..,"maxTs":..}, ...],
 *                               L0 oldest first, then L1 by time
 *  "tombstones":[[lo,hi,threshold], ...]}
 *                               inclusive ranges hiding records with sequence number below
 *                               threshold, sorted and disjoint
 * </pre>
 *
 * Replaced atomically through {@link AtomicFiles} after the segments it names are durable; the
 * rename is the commit point of every flush and compaction. A missing manifest is an empty
 * timelog. Immutable and thread-safe.
 */
record TimelogManifest(
    long replayFromLine, long nextSegmentId, List<Entry> segments, TombstoneSet tombstones) {
  static final String FORMAT = "linebase-timelog-manifest";
  static final int VERSION = 1;

  static final TimelogManifest EMPTY = new TimelogManifest(0, 0, List.of(), TombstoneSet.EMPTY);

  /** One live segment as the manifest names it. */
  record Entry(long id, int level, int records, long minTs, long maxTs) {}

  static TimelogManifest of(Version v, long nextSegmentId) {
    long replay = v.memtable().startSeq;
    if (!v.sealed().isEmpty()) {
      replay = Math.min(replay, v.sealed().get(0).startSeq());
    }
    List<Entry> entries = new ArrayList<>();
    for (Segment s : v.l0()) {
      entries.add(entry(s));
    }
    for (Segment s : v.l1()) {
      entries.add(entry(s));
    }
    return new TimelogManifest(replay, nextSegmentId, entries, v.tombstones());
  }

  private static Entry entry(Segment s) {
    return new Entry(s.id(), s.level(), s.size(), s.size() == 0 ? 0 : s.minTs(),
        s.size() == 0 ? 0 : s.maxTs());
  }

  void write(Path file) throws IOException {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("replayFromLine", replayFromLine);
    root.put("nextSegmentId", nextSegmentId);
    ArrayNode segs = root.putArray("segments");
    for (Entry e : segments) {
      ObjectNode o = segs.addObject();
      o.put("id", e.id());
      o.put("level", e.level());
      o.put("records", e.records());
      o.put("minTs", e.minTs());
      o.put("maxTs", e.maxTs());
    }
    ArrayNode ts = root.putArray("tombstones");
    for (int i = 0; i < tombstones.size(); i++) {
      ts.addArray().add(tombstones.lo(i)).add(tombstones.hi(i)).add(tombstones.threshold(i));
    }
    byte[] bytes = Json.mapper().writeValueAsBytes(root);
    // Commit point: the atomic rename of manifest.json.
    AtomicFiles.write(file, out -> {
      out.write(bytes);
      out.write('\n');
    });
  }

  static TimelogManifest read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return EMPTY;
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new CorruptFileException(file, CorruptFileException.UNKNOWN, 0,
          "manifest is not JSON: " + e.getMessage(), e);
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new CorruptFileException(file, 0, 0, "not a timelog manifest");
    }
    int version = root.path("version").asInt(-1);
    if (version != VERSION) {
      throw new CorruptFileException(file, 0, 0,
          "manifest version " + version + ", this library reads version " + VERSION);
    }
    List<Entry> entries = new ArrayList<>();
    for (JsonNode o : root.path("segments")) {
      entries.add(new Entry(o.path("id").asLong(), o.path("level").asInt(),
          o.path("records").asInt(), o.path("minTs").asLong(), o.path("maxTs").asLong()));
    }
    TombstoneSet t = TombstoneSet.EMPTY;
    for (JsonNode a : root.path("tombstones")) {
      if (a.size() != 3 || a.get(0).asLong() > a.get(1).asLong()) {
        throw new CorruptFileException(file, CorruptFileException.UNKNOWN, 0,
            "bad tombstone " + a);
      }
      t = t.add(a.get(0).asLong(), a.get(1).asLong(), a.get(2).asLong());
    }
    return new TimelogManifest(root.path("replayFromLine").asLong(),
        root.path("nextSegmentId").asLong(), entries, t);
  }
}
