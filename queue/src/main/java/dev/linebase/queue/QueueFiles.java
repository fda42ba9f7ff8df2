package dev.linebase.queue;

import java.nio.file.Path;

/**
 * Names of the files in a file queue's directory, made and parsed only here:
 *
 * <pre>
 * DIR/queue.json               marker: {"linebase":"queue","version":1,"format":"jsonl"|"txt"}
 * DIR/log/                     the messages ({@code dev.linebase.log.SegmentedLog})
 * DIR/groups/G.group           positions of group G ({@link GroupFile})
 * DIR/groups/G.lock            held briefly while a consumer of G claims messages
 * DIR/groups/G.slot-N.lock     held by the consumer that owns slot N of G, while it lives
 * </pre>
 *
 * Stateless and thread-safe.
 */
final class QueueFiles {
  static final String MARKER = "queue.json";
  static final String GROUP_SUFFIX = ".group";

  private QueueFiles() {}

  static Path marker(Path dir) {
    return dir.resolve(MARKER);
  }

  static Path log(Path dir) {
    return dir.resolve("log");
  }

  static Path groups(Path dir) {
    return dir.resolve("groups");
  }

  static Path groupFile(Path dir, String group) {
    return groups(dir).resolve(group + GROUP_SUFFIX);
  }

  static Path groupLock(Path dir, String group) {
    return groups(dir).resolve(group + ".lock");
  }

  static Path slotLock(Path dir, String group, int slot) {
    return groups(dir).resolve(group + ".slot-" + slot + ".lock");
  }

  /** The group named by a group file's name, or null when the name is not a group file's. */
  static String groupOf(Path groupFile) {
    String name = groupFile.getFileName().toString();
    if (!name.endsWith(GROUP_SUFFIX) || name.length() == GROUP_SUFFIX.length()) {
      return null;
    }
    return name.substring(0, name.length() - GROUP_SUFFIX.length());
  }
}
