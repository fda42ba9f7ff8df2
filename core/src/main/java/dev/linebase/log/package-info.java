/**
 * {@link dev.linebase.log.SegmentedLog}: the append-only, segmented JSON Lines log every Linebase
 * writer builds on (queue, store, timelog write-ahead log). The package owns the segment
 * directory layout ({@link dev.linebase.log.SegmentFiles}), the write path with its durability
 * policies and group commit, recovery of the active segment on open, readers from any global
 * line number (including blocking tails), and retention by whole segments.
 */
package dev.linebase.log;
