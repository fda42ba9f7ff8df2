package dev.linebase.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * A child writer for the crash-loop self-test: appends lines {@code <n>} to a file, continuing
 * from the number of complete lines already there (a torn last line is cut first), forces each
 * one and then acknowledges it, until {@code count} lines were written in this run.
 */
public final class CountingWriter {
  private CountingWriter() {}

  public static void main(String[] args) throws IOException {
    Path file = Paths.get(args[0]);
    int count = Integer.parseInt(args[1]);
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      byte[] existing = Files.readAllBytes(file);
      int lastNewline = -1;
      long lines = 0;
      for (int i = 0; i < existing.length; i++) {
        if (existing[i] == '\n') {
          lastNewline = i;
          lines++;
        }
      }
      ch.truncate(lastNewline + 1);
      long pos = lastNewline + 1;
      for (int i = 0; i < count; i++) {
        long n = lines + i;
        ByteBuffer line = ByteBuffer.wrap((n + "\n").getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) {
          pos += ch.write(line, pos);
        }
        ch.force(false);
        Acks.ack(Long.toString(n));
      }
    }
  }
}
