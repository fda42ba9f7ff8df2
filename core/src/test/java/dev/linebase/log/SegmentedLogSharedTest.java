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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WriterMode#SHARED}: several processes and threads appending to one directory. */
class SegmentedLogSharedTest {
  private static final int CHILDREN = 3;
  private static final int PER_CHILD = Integer.getInteger("linebase.shared.appends", 300);
  private static final int THREADS = 2;

  @TempDir Path dir;

  @Test
  void childProcessesAndThreadsAppendConcurrently() throws Exception {
    String seg = Long.toString(4096);
    List<ChildJvm> children = new ArrayList<>();
    List<String> acks = new ArrayList<>();
    LogConfig config = LogConfig.builder().writerMode(WriterMode.SHARED)
        .durability(Durability.GROUP).segmentBytes(4096).build();
    ConcurrentLinkedQueue<String> parentAcks = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    try {
      String[] styles = {"single", "batch", "async"};
      for (int c = 0; c < CHILDREN; c++) {
        children.add(ChildJvm.start(LogAppenderChild.class, dir.toString(), "group", "SHARED",
            seg, "c" + c, Integer.toString(PER_CHILD), styles[c % styles.length]));
      }
      try (SegmentedLog log = SegmentedLog.open(dir, config)) {
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
    } finally {
      for (ChildJvm child : children) {
        child.close();
      }
    }
    assertThat(errors).isEmpty();
    acks.addAll(parentAcks);
    int total = (CHILDREN + THREADS) * PER_CHILD;
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
