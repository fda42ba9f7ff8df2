package dev.linebase.timelog;

/** One record as returned by iterators and streams: a timestamp and its value. */
public record TimedValue<V>(long timestamp, V value) {}
