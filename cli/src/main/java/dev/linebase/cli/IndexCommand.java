package dev.linebase.cli;

import dev.linebase.index.LineIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code linebase index FILE}: builds or refreshes the sidecar index of a line file. */
@Command(
    name = "index",
    mixinStandardHelpOptions = true,
    description = "Build or refresh the sidecar index (FILE.lbidx) of a line file.")
final class IndexCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin IndexOptions indexOptions;

  @Parameters(index = "0", paramLabel = "FILE", description = "A JSONL or other line file.")
  Path file;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    if (indexOptions.noSave) {
      throw new UserException("index --no-save would build an index and throw it away");
    }
    try (IndexOptions.Opened opened = indexOptions.open(file, spec.commandLine().getErr())) {
      LineIndex index = opened.index();
      if (!opened.wasFresh()) {
        index.save();
      }
      long took = System.nanoTime() - start;
      Path sidecar = opened.sidecar();
      spec.commandLine().getOut().printf(
          "%s: %s lines, %s; sidecar %s (%s) %s in %s%n",
          file, Units.count(index.totalLines()), Units.bytes(index.fileSize()), sidecar,
          Units.bytes(Files.size(sidecar)), opened.wasFresh() ? "was fresh" : "written",
          Units.nanos(took));
    }
    return ExitCodes.OK;
  }
}
