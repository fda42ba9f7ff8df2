/**
 * A time-indexed multimap from {@code long} timestamps to values: an LSM-style engine (memtable,
 * sealed runs, L0 and L1 segments) with sequenced range tombstones, consistent snapshots,
 * background maintenance and, through {@link dev.linebase.timelog.Timelog#open}, durability on a
 * JSONL write-ahead log plus immutable segment files and a manifest.
 */
package dev.linebase.timelog;
