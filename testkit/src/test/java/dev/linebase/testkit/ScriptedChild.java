package dev.linebase.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A child main for the self-tests. Each argument is a step: {@code out:TEXT} prints a line,
 * {@code err:TEXT} prints a line on stderr, {@code torn:TEXT} prints without a newline,
 * {@code prop:NAME} prints a system property, {@code exit:N} exits, {@code hang} sleeps until
 * killed, {@code flood:FILE} prints the lines 0, 1, 2, ... in blocks of 20,000 (more than a pipe holds) until killed and, after each
 * block's write returned, records in FILE how many lines it has printed.
 */
public final class ScriptedChild {
  private ScriptedChild() {}

  public static void main(String[] args) throws InterruptedException, IOException {
    for (String step : args) {
      int colon = step.indexOf(':');
      String verb = colon < 0 ? step : step.substring(0, colon);
      String arg = colon < 0 ? "" : step.substring(colon + 1);
      switch (verb) {
        case "out":
          System.out.println(arg);
          break;
        case "err":
          System.err.println(arg);
          break;
        case "torn":
          System.out.print(arg);
          System.out.flush();
          break;
        case "prop":
          System.out.println(arg + "=" + System.getProperty(arg));
          break;
        case "exit":
          System.exit(Integer.parseInt(arg));
          break;
        case "flood":
          flood(Path.of(arg));
          break;
        case "hang":
          while (true) {
            Thread.sleep(1_000);
          }
        default:
          throw new IllegalArgumentException("unknown step " + step);
      }
    }
  }

  private static void flood(Path countFile) throws IOException {
    try (FileChannel count = FileChannel.open(countFile, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE)) {
      long printed = 0;
      while (true) {
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
          block.append(printed + i).append('\n');
        }
        System.out.write(block.toString().getBytes(StandardCharsets.US_ASCII));
        System.out.flush();
        printed += 20_000;
        byte[] n = String.format("%019d\n", printed).getBytes(StandardCharsets.US_ASCII);
        count.write(ByteBuffer.wrap(n), 0);
      }
    }
  }
}
