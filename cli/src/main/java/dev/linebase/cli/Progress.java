package dev.linebase.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal ({@code
 * System.console() != null}), so pipes and captured output never see it. Redraws at most every
 * 100 ms; {@link #close()} erases it. Not thread-safe except {@link #update}, which may be
 * called from the worker threads of one job (draws are synchronized).
 *
 * <p>Public only so that demo steps in {@code dev.linebase.cli.demo} can report progress.
 */
public final class Progress implements AutoCloseable {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final String label;
  private final boolean enabled;
  private long lastDrawNanos;
  private boolean drawn;
  private int drawnLength;

  private Progress(PrintWriter err, String label, boolean enabled) {
    this.err = err;
    this.label = label;
    this.enabled = enabled;
  }

  /** A bar that draws only when stderr is a terminal. */
  static Progress onTerminal(PrintWriter err, String label) {
    return new Progress(err, label, System.console() != null);
  }

  /** A bar that always draws (for tests of the rendering). */
  static Progress always(PrintWriter err, String label) {
    return new Progress(err, label, true);
  }

  /** Reports {@code done} of {@code total} bytes (or items). */
  public synchronized void update(long done, long total) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (drawn && now - lastDrawNanos < REDRAW_NANOS && done < total) {
      return;
    }
    lastDrawNanos = now;
    drawn = true;
    String bar = render(label, done, total);
    err.print('\r');
    err.print(bar);
    for (int i = bar.length(); i < drawnLength; i++) {
      err.print(' ');
    }
    drawnLength = bar.length();
    err.flush();
  }

  /** The bar's text: {@code label [#######.......]  42%  12.0 MB / 28.6 MB}. */
  static String render(String label, long done, long total) {
    double fraction = total <= 0 ? 1.0 : Math.min(1.0, Math.max(0.0, (double) done / total));
    int filled = (int) Math.round(fraction * WIDTH);
    StringBuilder sb = new StringBuilder(label).append(" [");
    for (int i = 0; i < WIDTH; i++) {
      sb.append(i < filled ? '#' : '.');
    }
    sb.append("] ").append(String.format("%3d%%", (int) Math.floor(fraction * 100)));
    sb.append("  ").append(Units.bytes(done)).append(" / ").append(Units.bytes(total));
    return sb.toString();
  }

  /** Erases the bar (if one was drawn), so the next output starts on a clean line. */
  @Override
  public synchronized void close() {
    if (enabled && drawn) {
      err.print('\r');
      for (int i = 0; i < drawnLength; i++) {
        err.print(' ');
      }
      err.print('\r');
      err.flush();
      drawn = false;
    }
  }
}
