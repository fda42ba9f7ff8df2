package dev.linebase.cli.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linebase.cli.ExitCodes;
import dev.linebase.cli.UserException;
import dev.linebase.jsonl.Codec;
import dev.linebase.jsonl.Json;
import dev.linebase.store.Operation;
import dev.linebase.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Shared plumbing of the store commands: opening and printing one JSON value per line on stdout.
 * User errors (bad JSON, missing store or id, locked store, damaged files) are thrown and turned
 * into one line on stderr and exit code 1 by the CLI's {@code ErrorHandler}; usage errors exit 2.
 */
abstract class StoreCli implements Callable<Integer> {
  static final int OK = ExitCodes.OK;

  @Spec CommandSpec spec;

  /** The command's work; user errors are thrown. */
  abstract int run() throws IOException;

  @Override
  public final Integer call() throws IOException {
    try {
      return run();
    } catch (NoSuchFileException e) {
      throw new UserException(e.getReason() != null ? e.getFile() + ": " + e.getReason()
          : "no such file: " + e.getFile(), e);
    }
  }

  /** Reports a user error: {@code linebase: <message>} on stderr, exit 1 (see ErrorHandler). */
  static int fail(String message) {
    throw new UserException(message);
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  void print(JsonNode value) throws IOException {
    out().println(Json.mapper().writeValueAsString(value));
  }

  static Store<JsonNode> openReadOnly(Path dir) throws IOException {
    return Store.builder(dir, Codec.tree()).readOnly().open();
  }

  static Store<JsonNode> openWriter(Path dir) throws IOException {
    return Store.builder(dir, Codec.tree()).noCheckpointOnClose().open();
  }

  /** An operation as opslog writes it in the WAL (same keys, same order). */
  static ObjectNode toJson(Operation op) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("ts", op.ts());
    o.put("op", op.type() == Operation.Type.SET ? "set" : "delete");
    o.put("id", op.id());
    o.set("prev", op.prev() == null ? o.nullNode() : op.prev());
    if (op.data() != null) {
      o.set("data", op.data());
    }
    if (op.agent() != null) {
      o.put("agent", op.agent());
      o.put("clock", op.clock());
    }
    if (op.encoding() == Operation.Encoding.DELTA) {
      o.put("encoding", "delta");
    }
    return o;
  }
}
