package dev.linebase.index;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A batch job's saved position no longer fits its file: the bytes before it were rewritten, the
 * file shrank below it, or it pointed into a line that has grown since. The job cannot resume
 * safely; {@link LineIndex#resetJob(String)} starts it over.
 */
public final class StaleCheckpointException extends IOException {
  private static final long serialVersionUID = 1L;

  public StaleCheckpointException(Path file, String job, long nextLine, String problem) {
    super("stale checkpoint of job '" + job + "' on " + file + " (next line " + nextLine + "): "
        + problem + "; reset the job to start over");
  }
}
