package dev.linebase.store;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One operation of the store's log, as returned by {@link Store#history}, {@link Store#ops},
 * {@link Store#walOps} and {@link Store#tail}. The on-disk line format is specified in
 * {@code OpLine}. Immutable; the JSON trees are fresh copies owned by the caller.
 *
 * @param ts ISO-8601 UTC timestamp with milliseconds, e.g. {@code 2026-11-23T16:13:04.445Z}
 * @param type set or delete
 * @param id record id
 * @param data the new document for a set, null for a delete
 * @param prev null for a create; the previous document, or for {@link Encoding#DELTA} a reverse
 *     patch {@code {"$set":{…},"$unset":[…]}}
 * @param encoding how {@code prev} is encoded
 * @param agent the writing agent in multi-writer mode, otherwise null
 * @param clock the agent's Lamport clock, 0 outside multi-writer mode
 */
public record Operation(
    String ts, Type type, String id, JsonNode data, JsonNode prev, Encoding encoding, String agent,
    long clock) {

  /** What an operation does. */
  public enum Type {
    SET,
    DELETE
  }

  /** How {@link Operation#prev()} is encoded. */
  public enum Encoding {
    FULL,
    DELTA
  }
}
