package dev.linebase.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.linebase.testkit.Seeds;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageToucherTest {
  @TempDir Path dir;

  /**
   * The writer copies into pages while the toucher touches the same pages; touching must never
   * change a byte the writer stored, whichever of the two gets to a page first.
   */
  @Test
  void touchingRacesWithTheWriterWithoutLosingAByte() throws IOException {
    long seed = Seeds.seed("PageToucherTest");
    Random random = new Random(seed);
    int bytes = 8 << 20;
    byte[] expected = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      expected[i] = (byte) (1 + random.nextInt(255)); // never NUL, like log bytes
    }
    try (FileChannel ch = FileChannel.open(dir.resolve("f"), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      int start = 1000; // a mapping that does not start on a page boundary, as regions do
      MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_WRITE, start, bytes);
      PageToucher toucher = new PageToucher();
      long touchAt = toucher.request(buf, start, start);
      int at = 0;
      while (at < bytes) {
        int n = Math.min(bytes - at, 1 + random.nextInt(300));
        buf.put(at, expected, at, n);
        at += n;
        if (start + at >= touchAt) {
          touchAt = toucher.request(buf, start, start + at);
        }
      }
      toucher.stop();
      byte[] actual = new byte[bytes];
      buf.get(0, actual);
      assertThat(actual).as("seed %d", seed).isEqualTo(expected);
    }
  }

  @Test
  void windowsDoubleAndStopEndsTouchingForGood() throws Exception {
    try (FileChannel ch = FileChannel.open(dir.resolve("g"), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_WRITE, 0, 64L << 20);
      PageToucher toucher = new PageToucher();
      long window = PageToucher.FIRST_WINDOW_BYTES;
      long first = toucher.request(buf, 0, 0);
      assertThat(first).as("ask again halfway through the first window").isEqualTo(window / 2);
      // Without this wait the second window would start at the writer or at the touched end,
      // whichever the race gives: the touching runs on its own thread.
      toucher.awaitIdle();
      long second = toucher.request(buf, 0, first);
      long secondEnd = window + 2 * window; // the doubled window follows the touched pages
      assertThat(second).as("ask again halfway from the writer to the second window's end")
          .isEqualTo(first + (secondEnd - first) / 2);
      toucher.stop();
      // After stop() returns nothing touches the mapping again, so truncating it is safe.
      ch.truncate(0);
      assertThat(toucher.request(buf, 0, second)).isEqualTo(Long.MAX_VALUE);
      toucher.stop();
      assertThat(ch.size()).isZero();
    }
  }

  @Test
  void theLastWindowEndsAtTheMappingsEnd() throws IOException {
    try (FileChannel ch = FileChannel.open(dir.resolve("h"), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_WRITE, 4096, 100 << 10);
      PageToucher toucher = new PageToucher();
      long next = toucher.request(buf, 4096, 4096);
      next = toucher.request(buf, 4096, next);
      assertThat(next).as("the mapping is fully requested: never ask again")
          .isEqualTo(Long.MAX_VALUE);
      toucher.stop();
    }
  }

  /** A mapping whose last page holds fewer than 8 of its bytes: that page is not touched. */
  @Test
  void aShortLastPageIsSkippedAndStopReturns() throws Exception {
    try (FileChannel ch = FileChannel.open(dir.resolve("i"), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_WRITE, 4094, 4100);
      PageToucher toucher = new PageToucher();
      toucher.request(buf, 4094, 4094);
      FutureTask<Void> stop = new FutureTask<>(toucher::stop, null);
      Thread stopper = new Thread(stop, "stopper");
      stopper.setDaemon(true); // a regression leaves it blocked: it must not hold the JVM
      stopper.start();
      stop.get(30, TimeUnit.SECONDS);
      byte[] bytes = new byte[4100];
      buf.get(0, bytes);
      assertThat(bytes).containsOnly((byte) 0);
    }
  }
}
