package dev.linebase.bench.core;

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
        Double.parseDouble(System.getProperty("linebase.bench.durableSeconds", "5")),
        Double.parseDouble(System.getProperty("linebase.bench.fsyncSeconds", "3")),
        only.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(only.split("\\s*,\\s*"))));
  }

  boolean runs(String section) {
    return only.isEmpty() || only.contains(section);
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "settings: file %d MiB, %d rounds, %,d records per no-sync append run (cycling a pool of"
            + " %,d pre-serialized %d-byte records), %.0f s per durable run, %.0f s fsync probe%s",
        fileMiB,
        rounds,
        appendRecords,
        poolRecords,
        dev.linebase.bench.BenchData.RECORD_BYTES,
        durableSeconds,
        fsyncSeconds,
        only.isEmpty() ? "" : ", only " + only);
  }
}
