package dev.linebase.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.io.Durability;
import dev.linebase.io.FileLock;
import dev.linebase.testkit.Acks;
import dev.linebase.testkit.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link WriterMode#SHARED}: several processes and threads appending to one directory. */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a lock hand-off bug shows as a hang
class SegmentedLogSharedTest {
  private static final int CHILDREN = 3;
  private static final int PER_CHILD = Integer.getInteger("linebase.shared.appends", 300);
  private static final int THREADS = 2;

  @TempDir Path dir;

  @Test
  void childProcessesAndThreadsAppendConcurrently() throws Exception {
    appendConcurrently("group", Durability.GROUP);
  }

  /** Under {@code NONE} each writer appends through a mapping while it holds the lock. */
  @Test
  void childProcessesAndThreadsAppendConcurrentlyUnderNone() throws Exception {
    appendConcurrently("none", Durability.NONE);
  }

  private void appendConcurrently(String policy, Durability durability) throws Exception {
    int total = (CHILDREN + THREADS) * PER_CHILD;
    String seg = Long.toString(4096);
    List<ChildJvm> children = new ArrayList<>();
    List<String> acks = new ArrayList<>();
    LogConfig config = LogConfig.builder().writerMode(WriterMode.SHARED)
        .durability(durability).segmentBytes(4096).build();
    ConcurrentLinkedQueue<String> parentAcks = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    // A reader reading while everyone appends: it must only ever see complete JSON lines.
    Thread reader = new Thread(() -> {
      try (SegmentedLog ro = SegmentedLog.openReadOnly(dir); LogReader r = ro.reader(0)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long seen = 0;
        while (seen < total && System.nanoTime() < deadline) {
          if (r.next(50, TimeUnit.MILLISECONDS)) {
            assertThat(r.value(JsonNode.class).get("p")).as("line %d", seen).isNotNull();
            seen++;
          }
        }
        assertThat(seen).as("lines seen while appending").isEqualTo(total);
      } catch (Throwable e) {
        errors.add(e);
      }
    });
    try {
      String[] styles = {"single", "batch", "async"};
      for (int c = 0; c < CHILDREN; c++) {
        children.add(ChildJvm.start(LogAppenderChild.class, dir.toString(), policy, "SHARED",
            seg, "c" + c, Integer.toString(PER_CHILD), styles[c % styles.length]));
      }
      try (SegmentedLog log = SegmentedLog.open(dir, config)) {
        reader.start();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          String p = "t" + t;
          Thread th = new Thread(() -> {
            try {
              for (int i = 0; i < PER_CHILD; i++) {
                long line = log.append(LogAppenderChild.record(p, i));
                parentAcks.add(p + ":" + i + ":" + line);
              }
            } catch (Throwable e) {
              errors.add(e);
            }
          });
          th.start();
          threads.add(th);
        }
        for (Thread th : threads) {
          th.join();
        }
      }
      for (ChildJvm child : children) {
        assertThat(child.waitFor(Duration.ofSeconds(120))).as(child.describe()).isZero();
        for (String line : child.lines()) {
          if (Acks.isAck(line)) {
            acks.add(Acks.id(line));
          }
        }
      }
      reader.join();
    } finally {
      for (ChildJvm child : children) {
        child.close();
      }
    }
    assertThat(errors).isEmpty();
    acks.addAll(parentAcks);
    assertThat(acks).hasSize(total);
    Map<Long, String> byLine = new HashMap<>();
    for (String a : acks) {
      String[] parts = a.split(":");
      assertThat(byLine.put(Long.parseLong(parts[2]), parts[0] + ":" + parts[1]))
          .as("line %s acknowledged twice", parts[2]).isNull();
    }
    Map<String, Long> nextPerProducer = new HashMap<>();
    try (SegmentedLog log = SegmentedLog.openReadOnly(dir); LogReader r = log.reader(0)) {
      assertThat(log.endLine()).isEqualTo(total);
      for (long line = 0; line < total; line++) {
        assertThat(r.next()).as("line %d", line).isTrue();
        JsonNode n = r.value(JsonNode.class);
        String p = n.get("p").asText();
        long i = n.get("i").asLong();
        assertThat(p + ":" + i).as("line %d", line).isEqualTo(byLine.get(line));
        assertThat(i).as("order of producer %s", p).isEqualTo(nextPerProducer.getOrDefault(p, 0L));
        nextPerProducer.put(p, i + 1);
      }
      assertThat(r.next()).isFalse();
    }
    assertThat(SegmentFiles.list(dir).size()).as("rolled by several writers").isGreaterThan(3);
  }

  /**
   * A SHARED writer keeps {@code append.lock} across appends while it keeps appending; it must
   * still let go often enough that another process's appends get through.
   */
  @Test
  void aWriterThatNeverStopsAppendingLetsAnotherProcessIn() throws Exception {
    LogConfig config = LogConfig.builder().writerMode(WriterMode.SHARED)
        .durability(Durability.NONE).build();
    int childCount = 2_000;
    long parentCount = 0;
    try (SegmentedLog log = SegmentedLog.open(dir, config);
        ChildJvm child = ChildJvm.start(LogAppenderChild.class, dir.toString(), "none", "SHARED",
            Long.toString(LogConfig.DEFAULT_SEGMENT_BYTES), "child",
            Integer.toString(childCount), "single")) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (child.process().isAlive()) {
        assertThat(System.nanoTime()).as("the child finished its appends in time: %s",
            child.describe()).isLessThan(deadline);
        log.append(LogAppenderChild.record("parent", parentCount++));
      }
      assertThat(child.waitFor(Duration.ofSeconds(10))).as(child.describe()).isZero();
      assertThat(log.endLine()).isEqualTo(parentCount + childCount);
    }
    Map<String, Long> next = new HashMap<>();
    try (SegmentedLog log = SegmentedLog.openReadOnly(dir); LogReader r = log.reader(0)) {
      while (r.next()) {
        JsonNode n = r.value(JsonNode.class);
        String p = n.get("p").asText();
        assertThat(n.get("i").asLong()).as("order of %s", p).isEqualTo(next.getOrDefault(p, 0L));
        next.put(p, n.get("i").asLong() + 1);
      }
    }
    assertThat(next).containsEntry("child", (long) childCount).containsEntry("parent",
        parentCount);
  }

  @Test
  void aReadOnlyReaderTailsAnExclusiveWriterInAnotherProcess() throws Exception {
    int n = 3000;
    java.nio.file.Files.createDirectories(dir);
    try (ChildJvm child = ChildJvm.start(LogAppenderChild.class, dir.toString(), "none",
        "EXCLUSIVE", "16384", "w", Integer.toString(n), "single")) {
      child.awaitLine(Acks.READY::equals, Duration.ofSeconds(60));
      try (SegmentedLog ro = SegmentedLog.openReadOnly(dir); LogReader r = ro.reader(0)) {
        for (long line = 0; line < n; line++) {
          assertThat(r.next(60, java.util.concurrent.TimeUnit.SECONDS))
              .as("line %d; %s", line, child.describe()).isTrue();
          JsonNode v = r.value(JsonNode.class);
          assertThat(v.get("i").asLong()).as("line %d", line).isEqualTo(line);
        }
        assertThat(child.waitFor(Duration.ofSeconds(60))).as(child.describe()).isZero();
        assertThat(r.next()).isFalse();
        assertThat(ro.endLine()).isEqualTo(n);
        assertThat(SegmentFiles.list(dir).size()).as("the reader followed rolls").isGreaterThan(2);
      }
    }
  }

  @Test
  void aSharedWriterFollowsRollsAndRetentionByOthers() throws Exception {
    LogConfig config = LogConfig.builder().writerMode(WriterMode.SHARED)
        .durability(Durability.NONE).segmentBytes(64).build();
    try (SegmentedLog a = SegmentedLog.open(dir, config);
        SegmentedLog b = SegmentedLog.open(dir, config)) {
      assertThat(a.append("\"a0\"")).isZero();
      for (int i = 1; i <= 20; i++) {
        assertThat(b.append("\"b" + i + "\"")).isEqualTo(i);
      }
      assertThat(a.append("\"a21\"")).as("after rolls by b").isEqualTo(21);
      b.roll();
      b.append("\"b22\"");
      b.deleteBefore(22);
      assertThat(b.firstLine()).isEqualTo(22);
      assertThat(a.append("\"a23\"")).as("after retention deleted a's segment").isEqualTo(23);
      try (LogReader r = a.reader(22)) {
        assertThat(r.next()).isTrue();
        assertThat(r.text()).isEqualTo("\"b22\"");
        assertThat(r.next()).isTrue();
        assertThat(r.text()).isEqualTo("\"a23\"");
        assertThat(r.next()).isFalse();
      }
    }
  }

  @Test
  void sharedWriterCutsATornTailUnderTheLock() throws Exception {
    LogConfig config = LogConfig.builder().writerMode(WriterMode.SHARED)
        .durability(Durability.NONE).build();
    try (SegmentedLog log = SegmentedLog.open(dir, config)) {
      log.append("1");
      java.nio.file.Files.write(SegmentFiles.path(dir, 0, LogFormat.JSONL),
          "{\"torn".getBytes(), java.nio.file.StandardOpenOption.APPEND);
      assertThat(log.append("2")).isEqualTo(1);
      try (LogReader r = log.reader(0)) {
        assertThat(r.next()).isTrue();
        assertThat(r.text()).isEqualTo("1");
        assertThat(r.next()).isTrue();
        assertThat(r.text()).isEqualTo("2");
        assertThat(r.next()).isFalse();
      }
    }
  }

  @Test
  void exclusiveAndSharedWritersExcludeEachOther() throws Exception {
    try (SegmentedLog exclusive = SegmentedLog.open(dir)) {
      exclusive.append("1");
      LogConfig shared = LogConfig.builder().writerMode(WriterMode.SHARED).build();
      assertThatThrownBy(() -> SegmentedLog.open(dir, shared))
          .isInstanceOf(FileLock.LockedException.class)
          .hasMessageContaining("EXCLUSIVE");
    }
  }
}
