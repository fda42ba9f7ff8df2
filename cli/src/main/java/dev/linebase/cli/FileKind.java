package dev.linebase.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What kind of Linebase file a path names, for {@code dump} and {@code verify}: a directory is a
 * segmented log, {@code *.lbidx} a line index sidecar, {@code *.lbjobs} a batch-job file, anything
 * else a line file.
 */
enum FileKind {
  LOG_DIRECTORY,
  SIDECAR,
  JOBS,
  LINE_FILE;

  static final String SIDECAR_SUFFIX = ".lbidx";
  static final String JOBS_SUFFIX = ".lbjobs";

  static FileKind of(Path path) {
    if (Files.isDirectory(path)) {
      return LOG_DIRECTORY;
    }
    String name = path.getFileName().toString();
    if (name.endsWith(SIDECAR_SUFFIX)) {
      return SIDECAR;
    }
    if (name.endsWith(JOBS_SUFFIX)) {
      return JOBS;
    }
    return LINE_FILE;
  }

  /** The data file a sidecar or jobs file belongs to: {@code x.jsonl.lbidx -> x.jsonl}. */
  static Path dataFileOf(Path sidecarOrJobs) {
    String name = sidecarOrJobs.getFileName().toString();
    int dot = name.lastIndexOf('.');
    Path data = sidecarOrJobs.resolveSibling(name.substring(0, dot));
    if (!Files.isRegularFile(data)) {
      throw new UserException(sidecarOrJobs + " belongs to " + data + ", which does not exist");
    }
    return data;
  }
}
