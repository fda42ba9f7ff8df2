package dev.linebase.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.linebase.io.CorruptFileException;
import dev.linebase.io.Durability;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupFileCorruptionTest {
  @TempDir Path tmp;

  private Path newFile(long start) throws IOException {
    Path p = tmp.resolve("g.group");
    GroupFile.create(p, start);
    return p;
  }

  @Test
  void writesAlternateCopiesAndTheNewestValidCopyWins() throws IOException {
    Path p = newFile(5);
    try (GroupFile f = GroupFile.open(p, Durability.NONE)) {
      assertThat(f.read(0)).isEqualTo(SlotState.emptyAt(1, 5));
      f.write(0, new SlotState(2, 5, 5, 9, 0));
      f.write(0, new SlotState(3, 6, 6, 9, 0));
      assertThat(f.read(0)).isEqualTo(new SlotState(3, 6, 6, 9, 0));
      f.write(1, new SlotState(1, 9, 9, 12, 0));
      assertThat(f.readAll()).hasSize(2);
      assertThat(GroupConsumer.cursor(f.readAll())).isEqualTo(12);
      assertThat(GroupConsumer.consumed(f.readAll())).isEqualTo(12 - 3 - 3);
    }
  }

  @Test
  void aTornNewestCopyFallsBackToTheOlderCopy() throws IOException {
    Path p = newFile(0);
    try (GroupFile f = GroupFile.open(p, Durability.NONE)) {
      f.write(0, new SlotState(2, 0, 0, 10, 0)); // copy B
      f.write(0, new SlotState(3, 4, 4, 10, 0)); // copy A
    }
    // Tear copy A (seq 3): flip a byte in its body.
    flip(p, GroupFile.HEADER_BYTES + 12);
    try (GroupFile f = GroupFile.open(p, Durability.NONE)) {
      assertThat(f.read(0)).isEqualTo(new SlotState(2, 0, 0, 10, 0));
    }
  }

  @Test
  void bothCopiesDamagedIsReportedWithThePath() throws IOException {
    Path p = newFile(0);
    try (GroupFile f = GroupFile.open(p, Durability.NONE)) {
      f.write(0, new SlotState(2, 0, 0, 10, 0));
    }
    flip(p, GroupFile.HEADER_BYTES + 12);
    flip(p, GroupFile.HEADER_BYTES + GroupFile.COPY_BYTES + 12);
    try (GroupFile f = GroupFile.open(p, Durability.NONE)) {
      assertThatThrownBy(f::readAll).isInstanceOf(CorruptFileException.class)
          .hasMessageContaining(p.toString()).hasMessageContaining("both copies");
    }
  }

  @Test
  void aDamagedHeaderIsReported() throws IOException {
    Path p = newFile(0);
    flip(p, 9);
    assertThatThrownBy(() -> GroupFile.open(p, Durability.NONE))
        .isInstanceOf(CorruptFileException.class).hasMessageContaining(p.toString());
    Files.write(p, new byte[10]);
    assertThatThrownBy(() -> GroupFile.open(p, Durability.NONE))
        .isInstanceOf(CorruptFileException.class).hasMessageContaining("shorter");
    Files.writeString(p, "{\"index\": 3}\n".repeat(10));
    assertThatThrownBy(() -> GroupFile.open(p, Durability.NONE))
        .isInstanceOf(CorruptFileException.class).hasMessageContaining("magic");
  }

  @Test
  void goldenVersion1FileStillReads() throws IOException {
    Path p = tmp.resolve("golden.group");
    try (InputStream in = getClass().getResourceAsStream("/formats/v1/two-slots.group")) {
      assertThat(in).as("golden file").isNotNull();
      Files.copy(in, p);
    }
    try (GroupFile f = GroupFile.openReadOnly(p)) {
      SlotState[] slots = f.readAll();
      assertThat(slots).containsExactly(new SlotState(4, 7, 9, 20, 2),
          new SlotState(1, 20, 20, 25, 0));
      assertThat(GroupConsumer.consumed(slots)).isEqualTo(25 - (13 - 1) - 5);
    }
  }

  @Test
  void goldenVersion2FileReadsWithItsLeaseDeadline() throws IOException {
    Path p = tmp.resolve("golden2.group");
    try (InputStream in =
        getClass().getResourceAsStream("/formats/v2/two-slots-with-lease.group")) {
      assertThat(in).as("golden file").isNotNull();
      Files.copy(in, p);
    }
    try (GroupFile f = GroupFile.openReadOnly(p)) {
      assertThat(f.readAll()).containsExactly(new SlotState(3, 7, 9, 20, 2, 1_700_000_000_000L),
          new SlotState(1, 20, 20, 25, 0, 0));
    }
  }

  @Test
  void theLeaseDeadlineRoundTripsAndANewerVersionIsRefused() throws IOException {
    Path p = newFile(0);
    try (GroupFile f = GroupFile.open(p, Durability.NONE)) {
      f.write(0, new SlotState(2, 0, 1, 10, 0, 1_234_567L));
      assertThat(f.read(0).leaseDeadlineMillis()).isEqualTo(1_234_567L);
    }
    try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
      byte[] header = new byte[GroupFile.HEADER_BYTES];
      raf.readFully(header);
      java.nio.ByteBuffer.wrap(header).putInt(8, GroupFile.VERSION + 1);
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(header, 0, GroupFile.HEADER_BYTES - 4);
      java.nio.ByteBuffer.wrap(header).putInt(GroupFile.HEADER_BYTES - 4, (int) crc.getValue());
      raf.seek(0);
      raf.write(header);
    }
    assertThatThrownBy(() -> GroupFile.open(p, Durability.NONE)).isInstanceOf(IOException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("version " + (GroupFile.VERSION + 1) + " is not supported");
  }

  static void flip(Path p, long offset) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
      raf.seek(offset);
      int b = raf.read();
      raf.seek(offset);
      raf.write(b ^ 0x5A);
    }
  }
}
