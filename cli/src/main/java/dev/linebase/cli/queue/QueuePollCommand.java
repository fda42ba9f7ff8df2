package dev.linebase.cli.queue;

import dev.linebase.queue.DurableQueue;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code linebase queue poll DIR [-n N] [--group G] [--wait SECONDS]}: prints and consumes up to
 * N messages (auto-commit: a printed message is consumed, and no other poller gets it). Safe to
 * run as many concurrent processes.
 */
@Command(name = "poll", mixinStandardHelpOptions = true,
    description = "Print and consume up to N messages, one per line.")
public final class QueuePollCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin QueueOpener opener;

  @Parameters(index = "0", paramLabel = "DIR", description = "Queue directory or sqlite file.")
  Path dir;

  @Option(names = "-n", paramLabel = "N", description = "Most messages to print (default 1).")
  int count = 1;

  @Option(names = "--group", paramLabel = "G", description = "Consumer group (default: default).")
  String group = "default";

  @Option(names = "--wait", paramLabel = "SECONDS",
      description = "Wait up to this long for messages instead of exiting when the queue is empty.")
  double waitSeconds;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (count <= 0) {
      throw new IllegalArgumentException("-n must be positive: " + count);
    }
    if (waitSeconds < 0) {
      throw new IllegalArgumentException("--wait must not be negative: " + waitSeconds);
    }
    PrintWriter out = spec.commandLine().getOut();
    long deadline = System.nanoTime() + (long) (waitSeconds * 1e9);
    int printed = 0;
    try (DurableQueue<String> q = opener.open(dir, group, Math.min(count, 256))) {
      while (printed < count) {
        List<String> got = q.poll(count - printed);
        if (got.isEmpty()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          String one = q.poll(Duration.ofNanos(left));
          if (one == null) {
            break;
          }
          got = List.of(one);
        }
        for (String v : got) {
          out.println(v);
        }
        out.flush();
        printed += got.size();
      }
    }
    return 0;
  }
}
