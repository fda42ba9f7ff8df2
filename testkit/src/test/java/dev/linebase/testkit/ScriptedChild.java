package dev.linebase.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child main for the self-tests. Each argument is a step: {@code out:TEXT} prints a line,
 * {@code err:TEXT} prints a line on stderr, {@code torn:TEXT} prints without a newline,
 * {@code prop:NAME} prints a system property, {@code exit:N} exits, {@code hang} sleeps until
 * killed, {@code lines:N} prints {@code line 000000 .. line N-1}, {@code await:PATH} waits until
 * the file exists.
 */
public final class ScriptedChild {
  private ScriptedChild() {}

  public static void main(String[] args) throws InterruptedException {
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
        case "lines":
          for (int i = 0; i < Integer.parseInt(arg); i++) {
            System.out.println(String.format("line %06d", i));
          }
          break;
        case "await":
          while (!Files.exists(Path.of(arg))) {
            Thread.sleep(5);
          }
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
}
