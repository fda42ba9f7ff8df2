package dev.linebase.timelog;

/**
 * What a write does when sealed runs pile up beyond {@link TimelogConfig#sealedRunLimit()}. In
 * every case the record is stored first.
 */
public enum BusyPolicy {
  /** Throw {@link TimelogBusyException} after storing the record. */
  RAISE,
  /**
   * Wait until maintenance drains the sealed runs, at most
   * {@link TimelogConfig#sealedRunWaitMillis()} (in {@link MaintenanceMode#MANUAL} mode the writer
   * drains them itself), then raise if still busy.
   */
  BLOCK,
  /** Count the event in {@link TimelogStats#busyEvents()} and carry on. */
  SILENT
}
