package dev.linebase.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linebase.io.AtomicFiles;
import dev.linebase.io.CorruptFileException;
import dev.linebase.io.FileLock;
import dev.linebase.jsonl.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the batch-job file of one indexed file ({@code <file name>.lbjobs} by default),
 * a small JSON document:
 *
 * <pre>{@code
 * {"format":"linebase-jobs","version":1,"jobs":{
 *   "<name>":{"nextLine":1200,"nextOffset":123456,"headCrc":-123,"tailCrc":456,
 *             "completed":false,"updatedAt":"2026-11-23T16:00:00Z"}}}
 * }</pre>
 *
 * {@code nextLine} is the first line the job has not processed and {@code nextOffset} where it
 * starts; {@code headCrc}/{@code tailCrc} are the {@link Fingerprint} of the file's bytes {@code
 * [0, nextOffset)}, so a resumed job can tell an appended file (fingerprint still matches) from a
 * rewritten one. The file is replaced atomically ({@link AtomicFiles}) under a cross-process
 * {@link FileLock} on {@code <jobs file>.lock}, so jobs of several processes can checkpoint
 * side by side.
 *
 * <p>Thread-safe.
 */
final class Jobs {
  static final String FORMAT = "linebase-jobs";
  static final int VERSION = 1;

  private final LineIndex index;
  private final Path path;

  Jobs(LineIndex index, Path path) {
    this.index = index;
    this.path = path;
  }

  Path path() {
    return path;
  }

  /** One job's saved position. */
  record Saved(long nextLine, long nextOffset, int headCrc, int tailCrc, boolean completed,
      Instant updatedAt) {}

  BatchJob open(String name, IndexView v) throws IOException {
    checkName(name);
    Saved saved = read().get(name);
    long from = 0;
    if (saved != null) {
      verify(name, saved, v);
      from = saved.nextLine();
    }
    return new BatchJob(this, name, index.cursor(v, from, v.totalLines()), v.totalLines());
  }

  private void verify(String name, Saved s, IndexView v) throws IOException {
    Path file = v.path;
    if (s.nextOffset() > v.size() || s.nextLine() > v.totalLines()) {
      throw new StaleCheckpointException(file, name, s.nextLine(), "the file is shorter ("
          + v.totalLines() + " lines, " + v.size() + " bytes) than the saved position (byte "
          + s.nextOffset() + ")");
    }
    Fingerprint now = Fingerprint.of(v.channel, s.nextOffset(), file);
    if (now.headCrc() != s.headCrc() || now.tailCrc() != s.tailCrc()) {
      throw new StaleCheckpointException(file, name, s.nextLine(),
          "the bytes before byte " + s.nextOffset() + " were rewritten");
    }
    long start = s.nextLine() < v.totalLines() ? v.lineStart(s.nextLine()) : v.size();
    if (start != s.nextOffset()) {
      throw new StaleCheckpointException(file, name, s.nextLine(), "line " + s.nextLine()
          + " now starts at byte " + start + ", not " + s.nextOffset()
          + " (an unterminated last line was processed and has grown since)");
    }
  }

  void save(String name, long nextLine, long nextOffset, boolean completed, IndexView v)
      throws IOException {
    Fingerprint fp = Fingerprint.of(v.channel, nextOffset, v.path);
    update(name, new Saved(nextLine, nextOffset, fp.headCrc(), fp.tailCrc(), completed,
        Instant.now()), true);
  }

  boolean reset(String name) throws IOException {
    checkName(name);
    Fingerprint empty = new Fingerprint(0, 0, 0);
    return update(name, new Saved(0, 0, empty.headCrc(), empty.tailCrc(), false, Instant.now()),
        false);
  }

  boolean delete(String name) throws IOException {
    checkName(name);
    return update(name, null, false);
  }

  List<JobStatus> list(IndexView v) throws IOException {
    List<JobStatus> out = new ArrayList<>();
    for (Map.Entry<String, Saved> e : read().entrySet()) {
      Saved s = e.getValue();
      double pct = v.totalLines() == 0 ? 100.0 : 100.0 * s.nextLine() / v.totalLines();
      out.add(new JobStatus(e.getKey(), s.nextLine(), s.nextOffset(), s.completed(),
          s.updatedAt(), Math.min(100.0, pct)));
    }
    return out;
  }

  /**
   * Replaces (or with null removes) one job under the lock; true if it existed before. A job
   * that does not exist is only created when {@code create}.
   */
  private boolean update(String name, Saved saved, boolean create) throws IOException {
    Path lockPath = path.resolveSibling(path.getFileName() + ".lock");
    FileLock lock = FileLock.acquire(lockPath);
    try {
      TreeMap<String, Saved> all = read();
      boolean existed = all.containsKey(name);
      if (!existed && (saved == null || !create)) {
        return false;
      }
      if (saved == null) {
        all.remove(name);
      } else {
        all.put(name, saved);
      }
      AtomicFiles.write(path, encode(all));
      return existed;
    } finally {
      lock.close();
    }
  }

  private TreeMap<String, Saved> read() throws IOException {
    TreeMap<String, Saved> all = new TreeMap<>();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return all;
    }
    try {
      JsonNode root = Json.mapper().readTree(bytes);
      if (root == null || !FORMAT.equals(root.path("format").asText())) {
        throw new CorruptFileException(path, 0, CorruptFileException.UNKNOWN,
            "not a Linebase jobs file");
      }
      int version = root.path("version").asInt(-1);
      if (version != VERSION) {
        throw new CorruptFileException(path, 0, CorruptFileException.UNKNOWN,
            "jobs file version " + version + " is not supported (this reads " + VERSION + ")");
      }
      Iterator<Map.Entry<String, JsonNode>> it = root.path("jobs").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode j = e.getValue();
        all.put(e.getKey(), new Saved(j.path("nextLine").asLong(), j.path("nextOffset").asLong(),
            j.path("headCrc").asInt(), j.path("tailCrc").asInt(), j.path("completed").asBoolean(),
            Instant.parse(j.path("updatedAt").asText())));
      }
      return all;
    } catch (IOException | RuntimeException e) {
      if (e instanceof CorruptFileException) {
        throw (CorruptFileException) e;
      }
      throw new CorruptFileException(path, CorruptFileException.UNKNOWN,
          CorruptFileException.UNKNOWN, "unreadable jobs file: " + e.getMessage(), e);
    }
  }

  private static byte[] encode(Map<String, Saved> all) throws IOException {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    ObjectNode jobs = root.putObject("jobs");
    for (Map.Entry<String, Saved> e : all.entrySet()) {
      Saved s = e.getValue();
      ObjectNode j = jobs.putObject(e.getKey());
      j.put("nextLine", s.nextLine());
      j.put("nextOffset", s.nextOffset());
      j.put("headCrc", s.headCrc());
      j.put("tailCrc", s.tailCrc());
      j.put("completed", s.completed());
      j.put("updatedAt", s.updatedAt().toString());
    }
    byte[] body = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    byte[] out = Arrays.copyOf(body, body.length + 1);
    out[body.length] = '\n';
    return out;
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("job name is empty");
    }
  }
}
