package dev.linebase.index;

import dev.linebase.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * A cheap identity of the first {@code length} bytes of a file: the length, the CRC32C of the
 * first {@value #WINDOW_BYTES} bytes and the CRC32C of the last {@value #WINDOW_BYTES} bytes
 * before {@code length} (the windows overlap or coincide in short files). Two reads of 4 KiB
 * each, whatever the file size.
 *
 * <p>It tells "these bytes were appended to" (the fingerprint of the old length still matches)
 * from "this file was replaced or rewritten" in constant time. It cannot see a change in the
 * middle of a large file that keeps both windows and the size; the modification time compared
 * beside it catches those in practice.
 *
 * @param length number of bytes covered
 * @param headCrc CRC32C of bytes {@code [0, min(length, 4096))}
 * @param tailCrc CRC32C of bytes {@code [max(0, length - 4096), length)}
 */
record Fingerprint(long length, int headCrc, int tailCrc) {
  static final int WINDOW_BYTES = 4096;

  /** Reads the fingerprint of the first {@code length} bytes of {@code channel}. */
  static Fingerprint of(FileChannel channel, long length, Path pathForErrors) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(WINDOW_BYTES, length));
    AtomicFiles.readFully(channel, buf, 0, pathForErrors);
    int head = crc(buf);
    buf.clear();
    AtomicFiles.readFully(channel, buf, length - buf.capacity(), pathForErrors);
    int tail = crc(buf);
    return new Fingerprint(length, head, tail);
  }

  private static int crc(ByteBuffer buf) {
    CRC32C crc = new CRC32C();
    crc.update(buf.array(), 0, buf.capacity());
    return (int) crc.getValue();
  }
}
