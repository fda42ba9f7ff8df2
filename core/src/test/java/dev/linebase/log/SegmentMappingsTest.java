package dev.linebase.log;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentMappingsTest {
  @TempDir Path dir;

  /** JDK 17 to 21 unmap with the cleaner, JDK 22 and later with an arena: never only the GC. */
  @Test
  void everySupportedJdkUnmapsAtOnce() {
    String expected = Runtime.version().feature() >= 22 ? "arena" : "cleaner";
    assertThat(SegmentMappings.strategy()).isEqualTo(expected);
  }

  @Test
  void bytesWrittenThroughTheMappingsReachTheFileAndSurviveTheUnmap() throws IOException {
    Path f = dir.resolve("seg");
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      SegmentMappings m = new SegmentMappings(ch);
      MappedByteBuffer a = m.map(0, 4096);
      MappedByteBuffer b = m.map(4096, 8192);
      a.put(0, "first\n".getBytes(US_ASCII));
      b.put(0, "second\n".getBytes(US_ASCII));
      m.unmapAll();
      ch.truncate(4096 + 7);
      ch.force(true);
      if (SegmentMappings.strategy().equals("arena")) {
        // The one strategy where a use after the unmap is checked rather than a crash.
        assertThatThrownBy(() -> a.put(0, (byte) 'x')).isInstanceOf(IllegalStateException.class);
      }
      m.unmapAll(); // idempotent
    }
    byte[] content = Files.readAllBytes(f);
    assertThat(new String(content, 0, 6, US_ASCII))
        .isEqualTo("first\n");
    assertThat(new String(content, 4096, 7, US_ASCII))
        .isEqualTo("second\n");
  }
}
