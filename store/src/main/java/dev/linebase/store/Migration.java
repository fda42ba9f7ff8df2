package dev.linebase.store;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Upgrades a stored record when the snapshot's schema version is older than the store's
 * configured version (opslog's {@code migrate(record, fromVersion)}). Applied to snapshot records
 * on load; the upgraded records are persisted by the next checkpoint.
 */
@FunctionalInterface
public interface Migration {
  /** The record in the current schema. */
  JsonNode migrate(JsonNode record, int fromVersion);

  /** Leaves records unchanged. */
  static Migration none() {
    return (record, fromVersion) -> record;
  }
}
