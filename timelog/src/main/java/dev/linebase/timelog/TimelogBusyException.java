package dev.linebase.timelog;

/**
 * Signals backpressure: sealed runs are piling up faster than maintenance drains them.
 *
 * <p><b>The write that threw this was accepted and stored; do not retry it</b> (a retry would
 * store the record twice). Slow down, or run {@link Timelog#maintenanceStep()} /
 * {@link Timelog#flush()}.
 */
public final class TimelogBusyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TimelogBusyException(String message) {
    super(message);
  }
}
