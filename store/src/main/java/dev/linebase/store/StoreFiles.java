package dev.linebase.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every file name of the opslog layout is made and parsed here. Paths stored in the manifest are
 * relative to the store directory with {@code /} separators, exactly as opslog records them:
 *
 * <pre>
 * .lock                          single-writer lock (see {@link StoreLock})
 * .compact-lock                  multi-writer compaction lock (see {@link CompactionLock})
 * manifest.json                  see {@link Manifest}
 * snapshots/snap-&lt;ms&gt;.jsonl      see {@link SnapshotFile}; legacy snap-&lt;ms&gt;.json readable
 * ops/ops-&lt;ms&gt;.jsonl            single-writer WAL, see {@link OpLine} and {@link WalFile}
 *                                (while a writer has it open, and after a crash, it may end in
 *                                a run of spaces: {@link WalMapping})
 * ops/agent-&lt;id&gt;-&lt;ms&gt;.jsonl     per-agent WAL in multi-writer mode (same)
 * archive/archive-&lt;period&gt;.json  see {@link ArchiveFile}
 * </pre>
 *
 * {@code <ms>} is milliseconds since the epoch in decimal ({@code Date.now()}). opslog may reuse a
 * name created within the same millisecond; Linebase never does: it takes the larger of the clock
 * and the last name it issued plus one, and skips names that exist.
 *
 * <p>Agent ids and archive periods become parts of file names, so they are checked: non-empty, no
 * {@code /}, {@code \}, NUL or other control characters, not {@code .} or {@code ..}. Manifest
 * paths are resolved only if they stay inside the store directory. Thread-safe.
 */
final class StoreFiles {
  static final String MANIFEST = "manifest.json";
  static final String LOCK = ".lock";
  static final String COMPACT_LOCK = ".compact-lock";
  static final String SNAPSHOTS = "snapshots";
  static final String OPS = "ops";
  static final String ARCHIVE = "archive";

  private static final Pattern SNAPSHOT = Pattern.compile("snap-(\\d+)\\.jsonl?");
  private static final Pattern OPS_FILE = Pattern.compile("ops-(\\d+)\\.jsonl");
  private static final Pattern AGENT_FILE = Pattern.compile("agent-(.+)-(\\d+)\\.jsonl");
  private static final AtomicLong LAST_MS = new AtomicLong();

  private StoreFiles() {}

  /** A millisecond stamp for a new file name, strictly increasing within this JVM. */
  static long nextMillis() {
    long now = System.currentTimeMillis();
    return LAST_MS.updateAndGet(last -> Math.max(now, last + 1));
  }

  static String snapshotName(long ms) {
    return SNAPSHOTS + "/snap-" + ms + ".jsonl";
  }

  static String opsName(long ms) {
    return OPS + "/ops-" + ms + ".jsonl";
  }

  static String agentOpsName(String agentId, long ms) {
    return OPS + "/agent-" + checkName("agent id", agentId) + "-" + ms + ".jsonl";
  }

  static String archiveName(String period) {
    return ARCHIVE + "/archive-" + checkName("archive period", period) + ".json";
  }

  /** The period of {@code archive/archive-<period>.json}, or null if it is not such a path. */
  static String periodOf(String relativePath) {
    String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
    if (name.startsWith("archive-") && name.endsWith(".json") && name.length() > 13) {
      return name.substring(8, name.length() - 5);
    }
    return null;
  }

  /** Milliseconds in a snapshot, ops or agent ops file name, or -1. */
  static long millisOf(String fileName) {
    Matcher m = SNAPSHOT.matcher(fileName);
    if (m.matches()) {
      return parse(m.group(1));
    }
    m = OPS_FILE.matcher(fileName);
    if (m.matches()) {
      return parse(m.group(1));
    }
    m = AGENT_FILE.matcher(fileName);
    if (m.matches()) {
      return parse(m.group(2));
    }
    return -1;
  }

  static boolean isSnapshot(String fileName) {
    return SNAPSHOT.matcher(fileName).matches();
  }

  static boolean isOps(String fileName) {
    return OPS_FILE.matcher(fileName).matches();
  }

  static boolean isAgentOps(String fileName) {
    return AGENT_FILE.matcher(fileName).matches();
  }

  private static long parse(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Rejects a name that would escape its directory or be unusable as part of a file name.
   *
   * @throws IllegalArgumentException naming what and the value
   */
  static String checkName(String what, String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    if (name.equals(".") || name.equals("..") || name.contains("..")) {
      throw new IllegalArgumentException(what + " would escape the store directory: " + name);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\') {
        throw new IllegalArgumentException(what + " would escape the store directory: " + name);
      }
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(what + " contains a control character: " + name);
      }
    }
    return name;
  }

  /**
   * Resolves a manifest-relative path inside {@code dir}.
   *
   * @throws IOException if the path would leave the directory
   */
  static Path resolve(Path dir, String relativePath) throws IOException {
    Path base = dir.toAbsolutePath().normalize();
    Path p = base.resolve(relativePath).normalize();
    if (!p.startsWith(base) || p.equals(base)) {
      throw new IOException("path '" + relativePath + "' in " + base.resolve(MANIFEST)
          + " escapes the store directory");
    }
    return p;
  }
}
