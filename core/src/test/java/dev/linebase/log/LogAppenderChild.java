package dev.linebase.log;

import dev.linebase.io.Durability;
import dev.linebase.testkit.Acks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Child JVM for crash and multi-process tests: appends {@code {"p":P,"i":I}} records to a log and
 * prints {@code ACK P:I:LINE} after each append its durability policy acknowledged (after {@code
 * append} returned, or after the {@code appendAsync} future completed).
 *
 * <p>Arguments: {@code dir durability(none|group|sync|group(N,MS)) mode(EXCLUSIVE|SHARED)
 * segmentBytes producer count(-1 = until killed) style(single|batch|async)}.
 */
public final class LogAppenderChild {
  private LogAppenderChild() {}

  public static void main(String[] args) throws Exception {
    LogConfig config = LogConfig.builder()
        .durability(Durability.parse(args[1]))
        .writerMode(WriterMode.valueOf(args[2]))
        .segmentBytes(Long.parseLong(args[3]))
        .build();
    String producer = args[4];
    long count = Long.parseLong(args[5]);
    String style = args[6];
    try (SegmentedLog log = SegmentedLog.open(java.nio.file.Path.of(args[0]), config)) {
      Acks.ready();
      long i = 0;
      while (count < 0 || i < count) {
        if (style.equals("batch") && (count < 0 || i + 3 <= count)) {
          List<byte[]> batch = new ArrayList<>();
          for (int k = 0; k < 3; k++) {
            batch.add(record(producer, i + k));
          }
          long first = log.appendAll(batch);
          for (int k = 0; k < 3; k++) {
            Acks.ack(producer + ":" + (i + k) + ":" + (first + k));
          }
          i += 3;
        } else if (style.equals("async")) {
          List<CompletableFuture<Long>> fs = new ArrayList<>();
          for (int k = 0; k < 50 && (count < 0 || i + k < count); k++) {
            long n = i + k;
            fs.add(log.appendAsync(record(producer, n))
                .thenApply(line -> {
                  Acks.ack(producer + ":" + n + ":" + line);
                  return line;
                }));
          }
          for (CompletableFuture<Long> f : fs) {
            f.join();
          }
          i += fs.size();
        } else {
          long line = log.append(record(producer, i));
          Acks.ack(producer + ":" + i + ":" + line);
          i++;
        }
      }
    }
  }

  static byte[] record(String producer, long i) {
    return ("{\"p\":\"" + producer + "\",\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
  }
}
