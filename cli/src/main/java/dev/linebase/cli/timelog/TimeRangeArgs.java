package dev.linebase.cli.timelog;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The {@code DIR T1 T2} positional arguments shared by the timelog commands on a range. */
final class TimeRangeArgs {
  @Parameters(index = "0", paramLabel = "DIR", description = "Timelog directory.")
  Path dir;

  @Parameters(index = "1", paramLabel = "T1", description = "First timestamp (inclusive).")
  long t1;

  @Parameters(index = "2", paramLabel = "T2", description = "End timestamp (exclusive).")
  long t2;
}
