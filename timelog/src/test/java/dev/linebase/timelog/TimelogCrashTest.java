package dev.linebase.timelog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linebase.io.Durability;
import dev.linebase.jsonl.Codec;
import dev.linebase.testkit.CrashLoop;
import dev.linebase.testkit.KillSchedule;
import dev.linebase.testkit.Seeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A child JVM appends and deletes on a durable timelog (with background flushes and compactions)
 * and is killed with {@code kill -9}; after reopening, every acknowledged append is present
 * unless a later acknowledged delete covers it, every acknowledged delete still hides what was
 * written before it, and nothing else appears. Rounds accumulate in one directory. Scale with
 * {@code -Dlinebase.crash.rounds=N}; {@code -Dlinebase.crash.durability=none} runs one policy;
 * {@code -Dlinebase.crash.evidence=DIR} keeps a copy of the directory each round's kill left.
 *
 * <p>The oracle depends on every acknowledgement the child printed before the kill: a delete's
 * intent line ({@code I:}) that went missing would make the records it legitimately hid look
 * lost. This test failed rarely for exactly that reason until {@code ChildJvm.kill} stopped
 * closing the stdout pipe before reading it to the end.
 */
class TimelogCrashTest {
  @TempDir Path dir;

  /** One acknowledged (or in-flight) operation, ordered by (round, index). */
  private record Op(Kind kind, long lo, long hi, int round, int index, String value) {
    boolean delete() {
      return kind == Kind.DELETE;
    }

    boolean after(int r, int i) {
      return round > r || (round == r && index > i);
    }
  }

  private enum Kind {
    APPEND,
    DELETE,
    /** A delete announced but not acknowledged: it may or may not have applied. */
    MAYBE_DELETE
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "group", "sync"})
  void acknowledgedWritesAndDeletesSurviveKill(String durability) throws IOException {
    String only = System.getProperty("linebase.crash.durability");
    Assumptions.assumeTrue(only == null || only.equals(durability), "-Dlinebase.crash.durability");
    int rounds = Integer.getInteger("linebase.crash.rounds", 2);
    Random random = Seeds.random("TimelogCrashTest." + durability);
    boolean slow = Durability.parse(durability).forces();
    CrashLoop loop = CrashLoop.of(TimelogCrashWriter.class,
            slow ? KillSchedule.afterAcks(20, 300) : KillSchedule.afterAcks(100, 4_000))
        .withArgs(round -> List.of(dir.toString(), durability, Integer.toString(round), "6000"));
    List<Op> acked = new ArrayList<>();
    int killed = 0;
    for (int r = 0; r < rounds; r++) {
      CrashLoop.Round round = loop.runRound(r, random);
      killed += round.killed() ? 1 : 0;
      Op intent = null;
      for (String id : round.acked()) {
        String[] p = id.split(":");
        if (p[0].equals("I")) {
          intent = new Op(Kind.MAYBE_DELETE, Long.parseLong(p[1]), Long.parseLong(p[2]),
              Integer.parseInt(p[3]), Integer.parseInt(p[4]), null);
        } else if (p[0].equals("D")) {
          intent = null;
          acked.add(new Op(Kind.DELETE, Long.parseLong(p[1]), Long.parseLong(p[2]),
              Integer.parseInt(p[3]), Integer.parseInt(p[4]), null));
        } else {
          acked.add(new Op(Kind.APPEND, Long.parseLong(p[1]), 0, Integer.parseInt(p[2]),
              Integer.parseInt(p[3]), p[2] + ":" + p[3]));
        }
      }
      if (intent != null) {
        acked.add(intent);
      }
      verify(acked, round + " " + durability);
    }
    assertThat(killed).as("rounds killed mid-write").isPositive();
  }

  /**
   * With {@code -Dlinebase.crash.evidence=DIR}, copies the directory as the killed writer left it
   * (and the acknowledged operations) to DIR before the verifying open changes it.
   */
  private void keepEvidence(List<Op> acked) throws IOException {
    String keep = System.getProperty("linebase.crash.evidence");
    if (keep == null) {
      return;
    }
    Path copy = Path.of(keep);
    if (Files.exists(copy)) {
      try (Stream<Path> files = Files.walk(copy)) {
        for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(f);
        }
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, copy.resolve(dir.relativize(f).toString()));
      }
    }
    Files.writeString(copy.resolve("acked.txt"), acked.toString());
  }

  /** Diagnostics: which files hold {@code needle}, and the manifest. */
  private String whereIs(String needle) throws IOException {
    StringBuilder sb = new StringBuilder();
    byte[] n = needle.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (!java.nio.file.Files.isRegularFile(f)) {
          continue;
        }
        byte[] content = java.nio.file.Files.readAllBytes(f);
        int at = indexOf(content, n);
        if (at >= 0) {
          int lines = 0;
          for (int i = 0; i < at; i++) {
            lines += content[i] == '\n' ? 1 : 0;
          }
          sb.append(dir.relativize(f)).append(" (line ").append(lines).append(" of the file, ")
              .append(content.length).append(" bytes) ");
        }
      }
    }
    Path manifest = TimelogFiles.manifest(dir);
    String m = java.nio.file.Files.exists(manifest) ? java.nio.file.Files.readString(manifest)
        : "(none)";
    StringBuilder wal = new StringBuilder();
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(TimelogFiles.wal(dir))) {
      for (Path f : (Iterable<Path>) files.sorted()::iterator) {
        wal.append(f.getFileName()).append('=').append(java.nio.file.Files.size(f)).append(' ');
      }
    }
    try (dev.linebase.log.SegmentedLog log =
        dev.linebase.log.SegmentedLog.openReadOnly(TimelogFiles.wal(dir))) {
      wal.append("lines [").append(log.firstLine()).append(", ").append(log.endLine())
          .append(')');
    } catch (IOException | RuntimeException e) {
      wal.append("(read-only open failed: ").append(e).append(')');
    }
    return "found in [" + sb + "], WAL " + wal + ", manifest " + m.strip();
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private void verify(List<Op> acked, String ctx) throws IOException {
    keepEvidence(acked);
    try (Timelog<String> log = Timelog.open(dir,
        TimelogConfig.builder().maintenance(MaintenanceMode.MANUAL).build(),
        Codec.json(String.class))) {
      log.validate();
      Set<String> visible = new HashSet<>();
      TimelogCursor<String> c = log.all();
      while (c.next()) {
        String v = c.value();
        assertThat(visible.add(v)).as("%s: duplicate value %s", ctx, v).isTrue();
        String[] p = v.split(":");
        int r = Integer.parseInt(p[0]);
        int i = Integer.parseInt(p[1]);
        for (Op d : acked) {
          if (d.delete() && d.after(r, i) && c.timestamp() >= d.lo() && c.timestamp() < d.hi()) {
            throw new AssertionError(ctx + ": " + c.timestamp() + "=" + v
                + " is visible though acknowledged delete " + d + " came after it");
          }
        }
      }
      int appends = 0;
      for (Op a : acked) {
        if (a.kind() != Kind.APPEND) {
          continue;
        }
        appends++;
        boolean deleted = false;
        for (Op d : acked) {
          if (d.kind() != Kind.APPEND && d.after(a.round(), a.index()) && a.lo() >= d.lo()
              && a.lo() < d.hi()) {
            deleted = true;
            break;
          }
        }
        if (!deleted && !visible.contains(a.value())) {
          throw new AssertionError(ctx + ": acknowledged append " + a.value() + " at " + a.lo()
              + " is missing; " + whereIs("\"" + a.value() + "\"") + "; stats " + log.stats());
        }
        if (!deleted) {
          assertThat(log.at(a.lo())).as(ctx).contains(a.value());
        }
      }
      assertThat(appends).as(ctx).isPositive();
    }
  }
}
