package dev.linebase.bench.peers;

import dev.linebase.bench.Rate;

/** The two halves of an append-then-read-back workload. Immutable. */
public record AppendRead(Rate append, Rate read) {}
