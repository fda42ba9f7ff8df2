/**
 * Indexed access to any existing line file: {@link dev.linebase.index.LineIndex} keeps a sparse
 * table of line offsets (one per {@code checkpointIntervalLines} lines), built in one parallel
 * word-at-a-time pass and cached in a versioned, checksummed sidecar file ({@code .lbidx}, format
 * in {@code SidecarFormat}), refreshed incrementally when the file grows, and serving random,
 * ranged, tail and sampled reads from many threads; resumable batch jobs ({@link
 * dev.linebase.index.BatchJob}) keep their positions in a {@code .lbjobs} file.
 */
package dev.linebase.index;
