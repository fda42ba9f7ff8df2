package dev.linebase.bench.core;

import dev.linebase.bench.BenchData;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The core harness's settings, read from system properties (see {@link CompareMain}). */
record Settings(
    long fileMiB,
    int rounds,
    long appendRecords,
    int poolRecords,
    long asyncRecords,
    double durableSeconds,
    double fsyncSeconds,
    Set<String> only) {

  static Settings fromSystemProperties() {
    String only = System.getProperty("linebase.bench.only", "").trim();
    return new Settings(
        Long.getLong("linebase.bench.fileMiB", 1024),
        Integer.getInteger("linebase.bench.rounds", 5),
        Long.getLong("linebase.bench.appendRecords", 5_000_000),
        Integer.getInteger("linebase.bench.poolRecords", 4096),
        Long.getLong("linebase.bench.asyncRecords", 10_000_000),
        Double.parseDouble(System.getProperty("linebase.bench.durableSeconds", "5")),
        Double.parseDouble(System.getProperty("linebase.bench.fsyncSeconds", "2")),
        only.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(only.split("\\s*,\\s*"))));
  }

  boolean runs(String section) {
    return only.isEmpty() || only.contains(section);
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "settings: file %d MiB, %d rounds, %,d records per no-sync append run (cycling a pool of"
            + " %,d pre-serialized %d-byte records), %.0f s (or %,d records) per durable run,"
            + " %.0f s per fsync probe%s",
        fileMiB,
        rounds,
        appendRecords,
        poolRecords,
        BenchData.RECORD_BYTES,
        durableSeconds,
        asyncRecords,
        fsyncSeconds,
        only.isEmpty() ? "" : ", only " + only);
  }
}
