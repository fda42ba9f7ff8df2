package dev.linebase.timelog;

import dev.linebase.io.Durability;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Helpers shared by the timelog tests. */
final class TimelogTesting {
  private TimelogTesting() {}

  /** {@link #tiny()} on disk: no fsync, and WAL segments of 512 bytes so that they roll often. */
  static TimelogConfig tinyDurable() {
    return tiny().toBuilder().durability(Durability.NONE).walSegmentBytes(512)
        .build();
  }

  /** A manual-maintenance config with tiny sizes so every source kind appears quickly. */
  static TimelogConfig tiny() {
    return TimelogConfig.builder()
        .memtableRecords(8)
        .outOfOrderRecords(3)
        .segmentRecords(5)
        .windowSize(50)
        .l0CompactionTrigger(3)
        .sealedRunLimit(1_000)
        .maintenance(MaintenanceMode.MANUAL)
        .busyPolicy(BusyPolicy.SILENT)
        .build();
  }

  static <V> List<Long> timestamps(TimelogCursor<V> c) {
    List<Long> out = new ArrayList<>();
    while (c.next()) {
      out.add(c.timestamp());
    }
    return out;
  }

  static <V> List<V> values(TimelogCursor<V> c) {
    List<V> out = new ArrayList<>();
    while (c.next()) {
      out.add(c.value());
    }
    return out;
  }

  static <V> List<String> pairs(TimelogCursor<V> c) {
    List<String> out = new ArrayList<>();
    while (c.next()) {
      out.add(c.timestamp() + "=" + c.value());
    }
    return out;
  }

  static List<Long> spans(Iterator<LongBuffer> it) {
    List<Long> out = new ArrayList<>();
    while (it.hasNext()) {
      LongBuffer b = it.next();
      for (int i = b.position(); i < b.limit(); i++) {
        out.add(b.get(i));
      }
    }
    return out;
  }
}
