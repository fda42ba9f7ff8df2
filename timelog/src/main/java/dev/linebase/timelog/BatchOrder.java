package dev.linebase.timelog;

/** A hint for {@link Timelog#appendAll}: how the batch's timestamps are ordered. */
public enum BatchOrder {
  /** Mostly ascending: appended as given; the few stragglers go to the out-of-order buffer. */
  MOSTLY_ORDERED,
  /** Arbitrary: the batch is sorted (stably, so equal timestamps keep their order) first. */
  UNORDERED
}
