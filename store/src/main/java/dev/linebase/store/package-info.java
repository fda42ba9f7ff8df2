/**
 * The event-sourced document store: a map of JSON documents kept as immutable JSONL snapshots
 * plus an append-only operation log (WAL) and a manifest, in exactly the directory layout of the
 * Node library {@code @backloghq/opslog} 0.8.x, so a directory written by either library opens in
 * the other. Entry point: {@link dev.linebase.store.Store}.
 */
package dev.linebase.store;
