package dev.linebase.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One operation of the WAL ({@code ops/ops-<ms>.jsonl} or {@code ops/agent-<id>-<ms>.jsonl}) and
 * its line format. Format version 1 (opslog 0.8.x): one compact JSON object per line, UTF-8,
 * terminated by {@code \n}, keys in this order:
 *
 * <pre>
 * "ts"        string, non-empty: when the op was made, see {@link Timestamps}
 * "op"        "set" | "delete"
 * "id"        string, non-empty: the record id
 * "prev"      null (a create), the full previous document, or for encoding "delta" a reverse
 *             patch {"$set":{key:oldValue,…},"$unset":[key,…]} over top-level keys that turns
 *             the new document back into the old one ($set first; either part omitted when empty)
 * "data"      the new document; present, non-null, for "set"; absent for "delete"
 * "agent"     string, non-empty: writer's agent id (multi-writer mode only)
 * "clock"     non-negative integer: the agent's Lamport clock (multi-writer mode only)
 * "encoding"  "delta" when prev is a patch (absent or "full" otherwise)
 * </pre>
 *
 * Example: {@code {"ts":"2026-11-23T16:13:04.445Z","op":"set","id":"a","prev":{"$set":{"n":1},
 * "$unset":["extra"]},"data":{"n":2,"extra":true},"encoding":"delta"}}. The rule for choosing a
 * delta is in {@link Delta}. Validation on read is opslog's {@code validateOp}; a delete must have
 * a non-null prev. Instances are immutable (the arrays are never modified) and thread-safe.
 */
final class OpLine {
  final String ts;
  final boolean set;
  final String id;
  /** Compact JSON of prev, or null for a create. */
  final byte[] prev;
  /** Compact JSON of data, or null for a delete. */
  final byte[] data;
  final boolean delta;
  /** Agent id or null. */
  final String agent;
  /** Lamport clock, or -1 when absent. */
  final long clock;

  OpLine(String ts, boolean set, String id, byte[] prev, byte[] data, boolean delta, String agent,
      long clock) {
    this.ts = ts;
    this.set = set;
    this.id = id;
    this.prev = prev;
    this.data = data;
    this.delta = delta;
    this.agent = agent;
    this.clock = clock;
  }

  /** The line's content (without the terminating newline). */
  byte[] encode() {
    ByteBuilder out = new ByteBuilder(
        64 + id.length() + (prev == null ? 4 : prev.length) + (data == null ? 0 : data.length));
    encodeTo(out);
    return out.toArray();
  }

  /** Appends the line's content (without the terminating newline) to {@code out}. */
  void encodeTo(ByteBuilder out) {
    out.put(TS);
    byte[] tsJson = Timestamps.jsonIfCurrent(ts);
    if (tsJson != null) {
      out.put(tsJson);
    } else {
      out.putJsonString(ts);
    }
    out.put(set ? OP_SET : OP_DELETE);
    out.putJsonString(id);
    out.put(PREV);
    out.put(prev == null ? JsonBytes.NULL : prev);
    if (set) {
      out.put(DATA);
      out.put(data);
    }
    if (agent != null) {
      out.put(AGENT);
      out.putJsonString(agent);
      out.put(CLOCK);
      out.putLong(clock);
    }
    if (delta) {
      out.put(ENCODING_DELTA);
    }
    out.put((byte) '}');
  }

  private static final byte[] TS = ascii("{\"ts\":");
  private static final byte[] OP_SET = ascii(",\"op\":\"set\",\"id\":");
  private static final byte[] OP_DELETE = ascii(",\"op\":\"delete\",\"id\":");
  private static final byte[] PREV = ascii(",\"prev\":");
  private static final byte[] DATA = ascii(",\"data\":");
  private static final byte[] AGENT = ascii(",\"agent\":");
  private static final byte[] CLOCK = ascii(",\"clock\":");
  private static final byte[] ENCODING_DELTA = ascii(",\"encoding\":\"delta\"");

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Thrown by {@link #decode} with opslog's message for an invalid operation. */
  static final class InvalidOpException extends IOException {
    private static final long serialVersionUID = 1L;

    InvalidOpException(String message) {
      super(message);
    }
  }

  /** Parses and validates one line's content. */
  static OpLine decode(byte[] buf, int off, int len) throws InvalidOpException {
    JsonNode n;
    try {
      n = Json.mapper().readTree(buf, off, len);
    } catch (IOException e) {
      throw new InvalidOpException("invalid JSON: " + Manifest.firstLine(e.getMessage()));
    }
    if (n == null || !n.isObject()) {
      throw new InvalidOpException("Invalid operation: not an object");
    }
    JsonNode ts = n.get("ts");
    if (ts == null || !ts.isTextual() || ts.textValue().isEmpty()) {
      throw new InvalidOpException("Invalid operation: ts must be a non-empty string");
    }
    JsonNode op = n.get("op");
    String kind = op != null && op.isTextual() ? op.textValue() : null;
    if (!"set".equals(kind) && !"delete".equals(kind)) {
      throw new InvalidOpException("Invalid operation: op must be \"set\" or \"delete\", got " + op);
    }
    boolean set = kind.equals("set");
    JsonNode id = n.get("id");
    if (id == null || !id.isTextual() || id.textValue().isEmpty()) {
      throw new InvalidOpException("Invalid operation: id must be a non-empty string");
    }
    if (!n.has("prev")) {
      throw new InvalidOpException("Invalid operation: missing prev");
    }
    JsonNode prev = n.get("prev");
    if (!prev.isNull() && !prev.isObject()) {
      throw new InvalidOpException("Invalid operation: prev must be an object or null");
    }
    JsonNode data = n.get("data");
    if (set && (data == null || data.isNull())) {
      throw new InvalidOpException("Invalid operation: set op must have non-null data");
    }
    if (!set && prev.isNull()) {
      throw new InvalidOpException("Invalid operation: delete op must have non-null prev");
    }
    if (!set && data != null) {
      throw new InvalidOpException("Invalid operation: delete op must not have data field");
    }
    boolean delta = false;
    JsonNode enc = n.get("encoding");
    if (enc != null) {
      if (enc.isTextual() && enc.textValue().equals("delta")) {
        delta = true;
      } else if (!(enc.isTextual() && enc.textValue().equals("full"))) {
        throw new InvalidOpException(
            "Invalid operation: encoding must be \"full\" or \"delta\", got " + enc);
      }
    }
    String agent = null;
    JsonNode ag = n.get("agent");
    if (ag != null) {
      if (!ag.isTextual() || ag.textValue().isEmpty()) {
        throw new InvalidOpException("Invalid operation: agent must be a non-empty string");
      }
      agent = ag.textValue();
    }
    long clock = -1;
    JsonNode cl = n.get("clock");
    if (cl != null) {
      if (!cl.isIntegralNumber() || !cl.canConvertToLong() || cl.longValue() < 0) {
        throw new InvalidOpException("Invalid operation: clock must be a non-negative integer");
      }
      clock = cl.longValue();
    }
    return new OpLine(ts.textValue(), set, id.textValue(),
        prev.isNull() ? null : JsonBytes.write(prev), set ? JsonBytes.write(data) : null, delta,
        agent, clock);
  }

  /** The public view of this op, documents decoded as trees. */
  Operation toOperation() {
    return new Operation(ts, set ? Operation.Type.SET : Operation.Type.DELETE, id,
        data == null ? null : JsonBytes.readTrusted(data),
        prev == null ? null : JsonBytes.readTrusted(prev),
        delta ? Operation.Encoding.DELTA : Operation.Encoding.FULL, agent, clock < 0 ? 0 : clock);
  }

  /** Clock for ordering; absent counts as 0, as in opslog. */
  long orderClock() {
    return clock < 0 ? 0 : clock;
  }

  String orderAgent() {
    return agent == null ? "" : agent;
  }
}
