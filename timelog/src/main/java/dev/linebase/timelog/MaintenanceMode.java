package dev.linebase.timelog;

/** Who runs flushes and compactions. */
public enum MaintenanceMode {
  /** A background thread started with the timelog (or {@link Timelog#startMaintenance()}). */
  BACKGROUND,
  /**
   * Only explicit calls: {@link Timelog#flush()}, {@link Timelog#compact()},
   * {@link Timelog#maintenanceStep()}.
   */
  MANUAL
}
