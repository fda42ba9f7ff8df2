package dev.linebase.cli.queue;

import dev.linebase.cli.Main;
import dev.linebase.queue.DurableQueue;
import dev.linebase.queue.QueueConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code linebase queue put DIR [VALUE...]}: appends messages (from stdin when none given). */
@Command(name = "put", mixinStandardHelpOptions = true,
    description = "Append messages to a queue; with no VALUE, one message per line of stdin.")
public final class QueuePutCommand implements Callable<Integer> {
  private static final int BATCH = 1000;

  @Spec CommandSpec spec;
  @Mixin QueueOpener opener;

  @Parameters(index = "0", paramLabel = "DIR", description = "Queue directory or sqlite file.")
  Path dir;

  @Parameters(index = "1..*", paramLabel = "VALUE", description = "Messages to put.")
  List<String> values = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    try (DurableQueue<String> q = opener.open(dir, QueueConfig.DEFAULT_GROUP, 1)) {
      if (!values.isEmpty()) {
        q.putAll(values);
        return 0;
      }
      BufferedReader in = new BufferedReader(
          new InputStreamReader(Main.root(spec).stdin(), StandardCharsets.UTF_8));
      List<String> batch = new ArrayList<>(BATCH);
      String line;
      while ((line = in.readLine()) != null) {
        batch.add(line);
        if (batch.size() == BATCH) {
          q.putAll(batch);
          batch.clear();
        }
      }
      q.putAll(batch);
      return 0;
    }
  }
}
