package dev.linebase.queue;

import dev.linebase.jsonl.Codec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.sqlite.SQLiteConfig;

/**
 * The sqlite driver: a queue in one sqlite database file, shared by any number of threads and
 * processes through sqlite's own locking.
 *
 * <h2>Schema, version 1</h2>
 *
 * <pre>
 * linebase_queue(key TEXT PRIMARY KEY, value TEXT)     'kind'='queue', 'version'='1', 'format'
 * messages(id INTEGER PRIMARY KEY AUTOINCREMENT, body BLOB, put_millis INTEGER)
 * groups(name TEXT PRIMARY KEY, cursor INTEGER)        cursor = last id claimed by the group
 * leases(grp TEXT, id INTEGER, owner TEXT, expires_millis INTEGER, PRIMARY KEY(grp, id))
 * </pre>
 *
 * A message's position is {@code id - 1} (ids are dense: {@code AUTOINCREMENT} under sqlite's
 * single writer, a rolled-back insert also rolls back the sequence). A group has consumed {@code
 * cursor - (its leases)} messages.
 *
 * <p><b>Transactions.</b> The database runs in WAL mode; {@code synchronous} is {@code OFF} under
 * {@link dev.linebase.io.Durability#NONE} (a commit is handed to the OS: it survives a process
 * crash) and {@code FULL} under {@code GROUP} and {@code SYNC} (each commit is fsynced; sqlite
 * offers no cross-transaction group commit). Every transaction starts with {@code BEGIN
 * IMMEDIATE}, so it holds the database's write lock from its first statement: a claim (read the
 * group's next rows, advance its cursor with one {@code UPDATE ... RETURNING}) can never hand the
 * same row to two consumers. {@code putAll} is one transaction. Rows every group has consumed are
 * deleted in batches, honouring the {@link Retention} policy.
 *
 * <p><b>Leases</b> (acknowledged mode) name their owner as {@code pid:handle-uuid}; a lease whose
 * time is up, whose owner's process is gone, or whose handle was closed is handed out again.
 *
 * <p>This class is thread-safe: one JDBC connection per handle, used under the handle's monitor.
 *
 * @param <T> the message type
 */
public final class SqliteQueue<T> extends BaseQueue<T> {
  static final int VERSION = 1;
  private static final int DELETE_EVERY_CLAIMS = 64;
  private static final long OWNER_CHECK_MILLIS = 1000;
  private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private final Path file;
  private final Connection conn;
  private final String owner;
  private int claimsSinceDelete;
  private long lastOwnerCheckMillis;

  private SqliteQueue(Path file, Connection conn, Codec<T> codec, ValueCheck check,
      QueueConfig config) {
    super(codec, recordCheck(check, config.maxRecordBytes()), config);
    this.file = file;
    this.conn = conn;
    this.owner = ProcessHandle.current().pid() + ":" + UUID.randomUUID();
  }

  /** Opens or creates the queue in database {@code file}; messages are strings (JSON text or raw text). */
  public static SqliteQueue<String> open(Path file, QueueConfig config) throws IOException {
    return open(file, config, Codec.text(), checkFor(config.format()));
  }

  /** Opens or creates a jsonl queue in {@code file} whose messages are {@code type} via Jackson. */
  public static <T> SqliteQueue<T> open(Path file, QueueConfig config, Class<T> type)
      throws IOException {
    if (config.format() != Format.JSONL) {
      throw new IllegalArgumentException("typed values need Format.JSONL, not " + config.format());
    }
    return open(file, config, Codec.json(type), ValueCheck.LINE);
  }

  private static <T> SqliteQueue<T> open(Path file, QueueConfig config, Codec<T> codec,
      ValueCheck check) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(file + " is a directory, not a sqlite queue file"
          + (Files.exists(QueueFiles.marker(file)) ? " (it is a file queue: use FileQueue)" : ""));
    }
    if (Files.isRegularFile(file) && Files.size(file) > 0 && !hasSqliteMagic(file)) {
      throw new IOException(file + " is not a sqlite database, so not a sqlite queue");
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    SQLiteConfig sc = new SQLiteConfig();
    sc.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sc.setSynchronous(config.durability().forces()
        ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.OFF);
    sc.setBusyTimeout(60_000);
    Connection c = null;
    try {
      c = sc.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
      SqliteQueue<T> q = new SqliteQueue<>(file, c, codec, check, config);
      q.initSchema();
      q.ensureGroup(config.group());
      return q;
    } catch (SQLException e) {
      closeQuietly(c);
      throw new IOException("cannot open sqlite queue " + file + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private static boolean hasSqliteMagic(Path file) throws IOException {
    byte[] head = new byte[SQLITE_MAGIC.length];
    try (var in = Files.newInputStream(file)) {
      int n = in.readNBytes(head, 0, head.length);
      return n == head.length && java.util.Arrays.equals(head, SQLITE_MAGIC);
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // the original failure is what matters
      }
    }
  }

  private void initSchema() throws IOException {
    write("open", () -> {
      initSchemaInTransaction();
      return null;
    });
  }

  private void initSchemaInTransaction() throws SQLException, IOException {
    try (Statement st = conn.createStatement()) {
      boolean hasMeta;
      boolean hasOther;
      try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type='table'")) {
        hasMeta = false;
        hasOther = false;
        while (rs.next()) {
          String n = rs.getString(1);
          if (n.equals("linebase_queue")) {
            hasMeta = true;
          } else if (!n.startsWith("sqlite_")) {
            hasOther = true;
          }
        }
      }
      if (!hasMeta && hasOther) {
        throw new IOException(file + " is a sqlite database but not a linebase queue");
      }
      if (!hasMeta) {
        st.execute("CREATE TABLE linebase_queue (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        st.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, "
            + "body BLOB NOT NULL, put_millis INTEGER NOT NULL)");
        st.execute("CREATE TABLE groups (name TEXT PRIMARY KEY, cursor INTEGER NOT NULL)");
        st.execute("CREATE TABLE leases (grp TEXT NOT NULL, id INTEGER NOT NULL, owner TEXT NOT "
            + "NULL, expires_millis INTEGER NOT NULL, PRIMARY KEY (grp, id))");
        st.execute("INSERT INTO linebase_queue VALUES ('kind','queue'), ('version','" + VERSION
            + "'), ('format','" + config().format().name().toLowerCase(java.util.Locale.ROOT)
            + "')");
        return;
      }
      String version = meta(st, "version");
      String format = meta(st, "format");
      if (!String.valueOf(VERSION).equals(version)) {
        throw new IOException(file + ": sqlite queue version " + version
            + " is not supported (this library reads version " + VERSION + ")");
      }
      String want = config().format().name().toLowerCase(java.util.Locale.ROOT);
      if (!want.equals(format)) {
        throw new IOException(file + " is a " + format + " queue, opened as " + want);
      }
    }
  }

  private static String meta(Statement st, String key) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT value FROM linebase_queue WHERE key='" + key + "'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** Creates the group's row at the first stored message when it does not exist. */
  private void ensureGroup(String group) throws IOException {
    write("open group", () -> {
      insertGroup(group);
      return null;
    });
  }

  private void insertGroup(String group) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("INSERT OR IGNORE INTO groups (name, cursor) "
        + "VALUES (?, (SELECT COALESCE((SELECT MIN(id) - 1 FROM messages), "
        + "(SELECT seq FROM sqlite_sequence WHERE name = 'messages'), 0)))")) {
      ps.setString(1, group);
      ps.executeUpdate();
    }
  }

  @Override
  synchronized void append(List<byte[]> records) throws IOException {
    long now = System.currentTimeMillis();
    write("put", () -> {
      insert(records, now);
      return null;
    });
  }

  private void insert(List<byte[]> records, long now) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement("INSERT INTO messages (body, put_millis) VALUES (?, ?)")) {
      for (byte[] r : records) {
        ps.setBytes(1, r);
        ps.setLong(2, now);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  synchronized List<byte[]> claim(int maxCount) throws IOException {
    return write("poll", () -> {
      List<byte[]> out = new ArrayList<>();
      long cursor = cursorOf(group());
      try (PreparedStatement ps = conn.prepareStatement(
          "SELECT id, body FROM messages WHERE id > ? ORDER BY id LIMIT ?")) {
        ps.setLong(1, cursor);
        ps.setInt(2, maxCount);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            cursor = rs.getLong(1);
            out.add(rs.getBytes(2));
          }
        }
      }
      if (!out.isEmpty()) {
        advanceCursor(cursor);
        maybeDeleteConsumed();
      }
      return out;
    });
  }

  /** The one statement that claims rows: moves the group's cursor past them. */
  private void advanceCursor(long newCursor) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(
        "UPDATE groups SET cursor = ? WHERE name = ? AND cursor < ? RETURNING cursor")) {
      ps.setLong(1, newCursor);
      ps.setString(2, group());
      ps.setLong(3, newCursor);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("cursor of group " + group() + " moved under a claim");
        }
      }
    }
  }

  private long cursorOf(String group) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("SELECT cursor FROM groups WHERE name = ?")) {
      ps.setString(1, group);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return rs.getLong(1);
        }
      }
    }
    insertGroup(group);
    return cursorOf(group);
  }

  @Override
  synchronized Delivery lease() throws IOException {
    long now = System.currentTimeMillis();
    long expires = now + config().leaseTimeout().toMillis();
    return write("receive", () -> {
      if (now - lastOwnerCheckMillis >= OWNER_CHECK_MILLIS) {
        expireDeadOwners();
        lastOwnerCheckMillis = now;
      }
      Delivery d = releaseExpired(now, expires);
      return d != null ? d : leaseNew(expires);
    });
  }

  private Delivery releaseExpired(long now, long expires) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(
        "UPDATE leases SET owner = ?, expires_millis = ? WHERE grp = ? AND id = (SELECT id FROM "
            + "leases WHERE grp = ? AND expires_millis <= ? ORDER BY id LIMIT 1) RETURNING id")) {
      ps.setString(1, owner);
      ps.setLong(2, expires);
      ps.setString(3, group());
      ps.setString(4, group());
      ps.setLong(5, now);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        long id = rs.getLong(1);
        return new Delivery(id - 1, body(id));
      }
    }
  }

  private Delivery leaseNew(long expires) throws SQLException {
    long cursor = cursorOf(group());
    long id;
    byte[] body;
    try (PreparedStatement ps = conn.prepareStatement(
        "SELECT id, body FROM messages WHERE id > ? ORDER BY id LIMIT 1")) {
      ps.setLong(1, cursor);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        id = rs.getLong(1);
        body = rs.getBytes(2);
      }
    }
    advanceCursor(id);
    try (PreparedStatement ps = conn.prepareStatement(
        "INSERT INTO leases (grp, id, owner, expires_millis) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, group());
      ps.setLong(2, id);
      ps.setString(3, owner);
      ps.setLong(4, expires);
      ps.executeUpdate();
    }
    return new Delivery(id - 1, body);
  }

  private byte[] body(long id) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("SELECT body FROM messages WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("leased message " + id + " is missing from " + file);
        }
        return rs.getBytes(1);
      }
    }
  }

  /** Expires the leases of owners whose process is gone. */
  private void expireDeadOwners() throws SQLException {
    List<String> dead = new ArrayList<>();
    try (PreparedStatement ps = conn.prepareStatement(
        "SELECT DISTINCT owner FROM leases WHERE grp = ? AND expires_millis > 0")) {
      ps.setString(1, group());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String o = rs.getString(1);
          if (!isAlive(o)) {
            dead.add(o);
          }
        }
      }
    }
    for (String o : dead) {
      expireOwner(o);
    }
  }

  private static boolean isAlive(String leaseOwner) {
    int colon = leaseOwner.indexOf(':');
    try {
      long pid = Long.parseLong(colon < 0 ? leaseOwner : leaseOwner.substring(0, colon));
      Optional<ProcessHandle> p = ProcessHandle.of(pid);
      return p.isPresent() && p.get().isAlive();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private void expireOwner(String leaseOwner) throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement("UPDATE leases SET expires_millis = 0 WHERE owner = ?")) {
      ps.setString(1, leaseOwner);
      ps.executeUpdate();
    }
  }

  @Override
  synchronized void acknowledge(long position) throws IOException {
    int n = write("ack", () -> {
      try (PreparedStatement ps = conn.prepareStatement(
          "DELETE FROM leases WHERE grp = ? AND id = ? AND owner = ?")) {
        ps.setString(1, group());
        ps.setLong(2, position + 1);
        ps.setString(3, owner);
        return ps.executeUpdate();
      }
    });
    if (n == 0) {
      throw new IllegalArgumentException("message " + position + " is not leased by this "
          + "handle of group " + group() + " (already acknowledged, or its lease passed on)");
    }
  }

  /** Every {@value #DELETE_EVERY_CLAIMS} claims, deletes rows every group has consumed. */
  private void maybeDeleteConsumed() throws SQLException {
    if (++claimsSinceDelete < DELETE_EVERY_CLAIMS) {
      return;
    }
    claimsSinceDelete = 0;
    deleteConsumed();
  }

  private void deleteConsumed() throws SQLException {
    long bound;
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT MIN(m) FROM (SELECT cursor AS m FROM groups "
            + "UNION ALL SELECT id - 1 AS m FROM leases)")) {
      bound = rs.next() ? rs.getLong(1) : 0;
    }
    Retention r = config().retention();
    if (!r.keepFor().isZero()) {
      try (PreparedStatement ps = conn.prepareStatement(
          "SELECT COALESCE(MAX(id), 0) FROM messages WHERE id <= ? AND put_millis < ?")) {
        ps.setLong(1, bound);
        ps.setLong(2, System.currentTimeMillis() - r.keepFor().toMillis());
        try (ResultSet rs = ps.executeQuery()) {
          bound = rs.next() ? rs.getLong(1) : 0;
        }
      }
    }
    if (r.keepBytes() > 0) {
      try (PreparedStatement ps = conn.prepareStatement(
          "SELECT COALESCE(MAX(id), 0) FROM (SELECT id, SUM(length(body)) OVER (ORDER BY id DESC)"
              + " AS acc FROM messages WHERE id <= ?) WHERE acc > ?")) {
        ps.setLong(1, bound);
        ps.setLong(2, r.keepBytes());
        try (ResultSet rs = ps.executeQuery()) {
          bound = rs.next() ? rs.getLong(1) : 0;
        }
      }
    }
    try (PreparedStatement ps = conn.prepareStatement("DELETE FROM messages WHERE id <= ?")) {
      ps.setLong(1, bound);
      ps.executeUpdate();
    }
  }

  @Override
  synchronized long endPosition() throws IOException {
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'messages'), 0)")) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      throw failed("size", e);
    }
  }

  @Override
  synchronized long consumed(String group) throws IOException {
    try (PreparedStatement ps = conn.prepareStatement("SELECT COALESCE((SELECT cursor FROM groups "
        + "WHERE name = ?), (SELECT MIN(id) - 1 FROM messages), (SELECT seq FROM sqlite_sequence "
        + "WHERE name = 'messages'), 0) - (SELECT COUNT(*) FROM leases WHERE grp = ?)")) {
      ps.setString(1, group);
      ps.setString(2, group);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw failed("position", e);
    }
  }

  /** Deletes every row all groups have consumed now (normally done in batches while polling). */
  public synchronized void compact() throws IOException {
    ensureOpen();
    write("compact", () -> {
      deleteConsumed();
      return null;
    });
  }

  @Override
  synchronized void closeDriver() throws IOException {
    try {
      write("close", () -> {
        expireOwner(owner);
        deleteConsumed();
        return null;
      });
    } catch (IOException e) {
      // closing still releases the connection; expired leases pass on by timeout
    } finally {
      try {
        conn.close();
      } catch (SQLException e) {
        throw failed("close", e);
      }
    }
  }

  /** Work run inside one write transaction. */
  @FunctionalInterface
  private interface SqlWork<R> {
    R run() throws SQLException, IOException;
  }

  /**
   * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction: it holds the database's write
   * lock from its first statement to its commit, so nothing it read can change under it.
   */
  private <R> R write(String what, SqlWork<R> work) throws IOException {
    try (Statement st = conn.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
    } catch (SQLException e) {
      throw failed(what, e);
    }
    try {
      R result = work.run();
      try (Statement st = conn.createStatement()) {
        // Commit point: the transaction's commit (fsynced under synchronous=FULL).
        st.execute("COMMIT");
      }
      return result;
    } catch (SQLException e) {
      rollbackQuietly();
      throw failed(what, e);
    } catch (IOException | RuntimeException e) {
      rollbackQuietly();
      throw e;
    }
  }

  private void rollbackQuietly() {
    try (Statement st = conn.createStatement()) {
      st.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // the original failure is reported
    }
  }

  private IOException failed(String what, SQLException e) {
    return new IOException(what + " on sqlite queue " + file + " failed: " + e.getMessage(), e);
  }

  @Override
  public String toString() {
    return "SqliteQueue[" + file + ", group=" + group() + "]";
  }
}
