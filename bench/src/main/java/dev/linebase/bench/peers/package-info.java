/**
 * Adapters that run Linebase's benchmark workloads through peer libraries on the same records in
 * the same run: Chronicle Queue (memory-mapped, no sync: the no-sync class) and Tape's
 * {@code QueueFile} (fsync on every add: the durable class). Bench scope only; nothing in the
 * libraries depends on a peer.
 */
package dev.linebase.bench.peers;
