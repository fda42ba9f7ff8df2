package dev.linebase.timelog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The LSM engine behind {@link Timelog}: the writer's path (memtable, seal, delete), maintenance
 * (flush of sealed runs to L0, compaction of L0 into L1 with tombstone filtering and tombstone
 * garbage collection) and publication of immutable {@link Version}s.
 *
 * <p>Threads: one writer calls {@link #add}, {@link #publish}, {@link #delete}, {@link #seal};
 * maintenance runs on the background thread or in the writer under {@code maintenanceLock} (one
 * operation at a time); readers only read {@link #version()} (volatile) and published memtable
 * prefixes. A version change happens under {@code stateLock}, always rebuilt from the current
 * version so that the writer's and maintenance's changes never overwrite each other.
 *
 * <p>Sequence numbers: every record and every delete takes the next one, so they are also the
 * line numbers of a durable timelog's write-ahead log. {@code horizon} is the writer's next
 * sequence number as of the last structural change; every tombstone in the current set has a
 * threshold below it and every later tombstone at least it.
 */
final class Engine {

  /** Where segments and the manifest go; {@link #NONE} for an in-memory timelog. */
  interface Store {
    Store NONE = new Store() {};

    /** Makes new segments durable before they are installed. */
    default void writeSegments(List<Segment> segments) throws IOException {}

    /** Records an installed version (its segments, tombstones and replay start). */
    default void commit(Version v) throws IOException {}

    /** Removes segments no version installed from now on refers to. */
    default void deleteSegments(List<Segment> segments) throws IOException {}
  }

  private final TimelogConfig config;
  private final DropListener<Object> dropListener;
  private final Store store;
  private final Object stateLock = new Object();
  private final Object signal = new Object();
  private final ReentrantLock maintenanceLock = new ReentrantLock();
  private volatile Version version;

  // Writer only.
  private Memtable current;
  private long nextSeq;
  private long lastDeleteSeq = -1;
  private boolean recordSinceDelete = true;

  // Under stateLock.
  private long horizon;
  // Under maintenanceLock.
  private long nextSegmentId;

  private final AtomicLong seals = new AtomicLong();
  private final AtomicLong flushes = new AtomicLong();
  private final AtomicLong compactions = new AtomicLong();
  private final AtomicLong busyEvents = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  private boolean replaying;
  private Thread maintenanceThread;
  private volatile boolean stopRequested;
  private volatile Throwable failure;

  Engine(TimelogConfig config, DropListener<Object> onDrop, Store store, long nextSeq,
      List<Segment> l0, List<Segment> l1, TombstoneSet tombstones, long nextSegmentId) {
    this.config = config;
    this.dropListener = (t, v) -> {
      dropped.incrementAndGet();
      onDrop.dropped(t, v);
    };
    this.store = store;
    this.nextSeq = nextSeq;
    this.horizon = nextSeq;
    this.nextSegmentId = nextSegmentId;
    this.current = newMemtable();
    this.version = new Version(current, List.of(), l0, l1, tombstones);
  }

  private Memtable newMemtable() {
    return new Memtable(config.memtableRecords(), config.outOfOrderRecords(), nextSeq);
  }

  TimelogConfig config() {
    return config;
  }

  Version version() {
    return version;
  }

  /** A consistent read view: memtable prefix and structure from the same moment. */
  ReadView view() {
    while (true) {
      Version v = version;
      ReadView view = ReadView.of(v);
      if (version == v) {
        return view;
      }
    }
  }

  long nextSeq() {
    return nextSeq;
  }

  /** Writer: while replaying a write-ahead log, sealing never signals or waits for busy. */
  void replaying(boolean on) {
    replaying = on;
  }

  Throwable failure() {
    return failure;
  }

  void checkHealthy() {
    Throwable f = failure;
    if (f != null) {
      throw new IllegalStateException("timelog maintenance failed: " + f, f);
    }
  }

  // ---------------------------------------------------------------- writer

  /** Stores one record (invisible until {@link #publish()}); true if the write must signal busy. */
  boolean add(long t, Object v) {
    Memtable m = current;
    m.add(t, nextSeq++, v);
    recordSinceDelete = true;
    if (m.isFull()) {
      return seal();
    }
    return false;
  }

  void publish() {
    current.publish();
  }

  /** Hides {@code [lo, hi]} (inclusive) for every record written so far. */
  void delete(long lo, long hi) {
    current.publish();
    long thr = nextSeq++;
    synchronized (stateLock) {
      Version v = version;
      TombstoneSet t = v.tombstones();
      if (!recordSinceDelete && lastDeleteSeq >= 0) {
        t = t.relabel(lastDeleteSeq, thr);
      }
      version = v.withTombstones(t.add(lo, hi, thr));
      horizon = nextSeq;
    }
    lastDeleteSeq = thr;
    recordSinceDelete = false;
  }

  /** Seals the memtable into a run if it holds records; true if the write must signal busy. */
  boolean seal() {
    Memtable m = current;
    if (m.isEmpty()) {
      return false;
    }
    Run run = m.seal();
    Memtable fresh = newMemtable();
    int sealedRuns;
    synchronized (stateLock) {
      Version v = version;
      List<SealedRun> sealed = new ArrayList<>(v.sealed());
      sealed.add(new SealedRun(run, m.startSeq));
      version = v.withMemtable(fresh, sealed);
      horizon = nextSeq;
      sealedRuns = sealed.size();
    }
    current = fresh;
    seals.incrementAndGet();
    signalMaintenance();
    return sealedRuns > config.sealedRunLimit() && !replaying && busy();
  }

  private boolean busy() {
    busyEvents.incrementAndGet();
    switch (config.busyPolicy()) {
      case SILENT:
        return false;
      case RAISE:
        return true;
      case BLOCK:
      default:
        if (isMaintenanceRunning()) {
          long deadline = System.nanoTime() + config.sealedRunWaitMillis() * 1_000_000L;
          synchronized (signal) {
            while (version.sealed().size() > config.sealedRunLimit()) {
              long left = deadline - System.nanoTime();
              if (left <= 0 || !isMaintenanceRunning()) {
                return true;
              }
              try {
                signal.wait(Math.max(1, left / 1_000_000L));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
              }
            }
          }
          return false;
        }
        try {
          while (version.sealed().size() > config.sealedRunLimit() && maintenanceStep()) {
            // drain in the writer
          }
        } catch (IOException e) {
          failure = e;
          checkHealthy();
        }
        return false;
    }
  }

  // ----------------------------------------------------------- maintenance

  /** One unit of maintenance: flush the oldest sealed run, or compact L0. False if idle. */
  boolean maintenanceStep() throws IOException {
    maintenanceLock.lock();
    try {
      Version v = version;
      if (!v.sealed().isEmpty()) {
        flushOldest();
        return true;
      }
      if (v.l0().size() >= config.l0CompactionTrigger()) {
        compactLocked(false);
        return true;
      }
      return false;
    } finally {
      maintenanceLock.unlock();
    }
  }

  /** Writer: seals the memtable and flushes every sealed run to L0. */
  void flush() throws IOException {
    seal();
    maintenanceLock.lock();
    try {
      while (!version.sealed().isEmpty()) {
        flushOldest();
      }
    } finally {
      maintenanceLock.unlock();
    }
  }

  /**
   * Writer: {@link #flush()}, then merges all of L0, and every L1 segment that tombstones
   * touch, into L1.
   */
  void compact() throws IOException {
    flush();
    maintenanceLock.lock();
    try {
      compactLocked(true);
    } finally {
      maintenanceLock.unlock();
    }
  }

  private void flushOldest() throws IOException {
    Version v;
    long h;
    synchronized (stateLock) {
      v = version;
      h = horizon;
    }
    SealedRun input = v.sealed().get(0);
    Run in = input.run();
    List<Run> outs;
    if (Compaction.hasPendingTombstones(in, v.tombstones())) {
      List<Run[]> chains = new ArrayList<>();
      chains.add(new Run[] {in});
      outs = Compaction.rewrite(chains, v.tombstones(), h, null, Integer.MAX_VALUE, List.of(),
          dropListener);
    } else {
      // Nothing in the run is hidden: the segment shares the run's arrays.
      outs = List.of(new Run(in.ts, in.seq, in.values, in.size, in.minSeq, in.maxSeq, h));
    }
    List<Segment> segments = new ArrayList<>();
    for (Run r : outs) {
      segments.add(new Segment(nextSegmentId++, 0, r));
    }
    store.writeSegments(segments);
    Version installed;
    synchronized (stateLock) {
      Version cur = version;
      if (cur.sealed().isEmpty() || cur.sealed().get(0) != input) {
        throw new IllegalStateException("sealed runs changed under a flush");
      }
      List<Segment> l0 = new ArrayList<>(cur.l0());
      l0.addAll(segments);
      installed = Compaction.gc(new Version(cur.memtable(),
          cur.sealed().subList(1, cur.sealed().size()), l0, cur.l1(), cur.tombstones()));
      version = installed;
    }
    store.commit(installed);
    flushes.incrementAndGet();
    signalMaintenance();
  }

  private void compactLocked(boolean full) throws IOException {
    Version v;
    long h;
    synchronized (stateLock) {
      v = version;
      h = horizon;
    }
    List<Segment> l0 = v.l0();
    List<Segment> inputsL1 = new ArrayList<>();
    List<Segment> remaining = new ArrayList<>();
    for (Segment s : v.l1()) {
      boolean take = false;
      for (Segment z : l0) {
        if (s.run().overlaps(z.minTs(), z.maxTs())) {
          take = true;
          break;
        }
      }
      if (!take && full) {
        take = Compaction.hasPendingTombstones(s.run(), v.tombstones());
      }
      (take ? inputsL1 : remaining).add(s);
    }
    if (l0.isEmpty() && inputsL1.isEmpty()) {
      return;
    }
    List<Run[]> chains = new ArrayList<>();
    for (Segment z : l0) {
      chains.add(new Run[] {z.run()});
    }
    if (!inputsL1.isEmpty()) {
      Run[] chain = new Run[inputsL1.size()];
      for (int i = 0; i < chain.length; i++) {
        chain[i] = inputsL1.get(i).run();
      }
      chains.add(chain);
    }
    List<Run> outs = Compaction.rewrite(chains, v.tombstones(), h, config,
        config.segmentRecords(), remaining, dropListener);
    List<Segment> segments = new ArrayList<>();
    for (Run r : outs) {
      segments.add(new Segment(nextSegmentId++, 1, r));
    }
    store.writeSegments(segments);
    Map<Segment, Boolean> removed = new IdentityHashMap<>();
    for (Segment s : l0) {
      removed.put(s, Boolean.TRUE);
    }
    for (Segment s : inputsL1) {
      removed.put(s, Boolean.TRUE);
    }
    Version installed;
    synchronized (stateLock) {
      Version cur = version;
      List<Segment> newL0 = new ArrayList<>();
      for (Segment s : cur.l0()) {
        if (!removed.containsKey(s)) {
          newL0.add(s);
        }
      }
      List<Segment> newL1 = new ArrayList<>(remaining);
      newL1.addAll(segments);
      newL1.sort(Comparator.comparingLong(Segment::minTs));
      installed = Compaction.gc(
          new Version(cur.memtable(), cur.sealed(), newL0, newL1, cur.tombstones()));
      version = installed;
    }
    store.commit(installed);
    List<Segment> gone = new ArrayList<>(l0);
    gone.addAll(inputsL1);
    store.deleteSegments(gone);
    compactions.incrementAndGet();
    signalMaintenance();
  }




  // ------------------------------------------------------- background thread

  void startMaintenance() {
    synchronized (signal) {
      if (maintenanceThread != null) {
        return;
      }
      stopRequested = false;
      Thread t = new Thread(this::maintenanceLoop, "linebase-timelog-maintenance");
      t.setDaemon(true);
      maintenanceThread = t;
      t.start();
    }
  }

  void stopMaintenance() {
    Thread t;
    synchronized (signal) {
      t = maintenanceThread;
      if (t == null) {
        return;
      }
      stopRequested = true;
      signal.notifyAll();
    }
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    synchronized (signal) {
      maintenanceThread = null;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  boolean isMaintenanceRunning() {
    Thread t = maintenanceThread;
    return t != null && t.isAlive() && !stopRequested;
  }

  private void signalMaintenance() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  private boolean workPending() {
    Version v = version;
    return !v.sealed().isEmpty() || v.l0().size() >= config.l0CompactionTrigger();
  }

  private void maintenanceLoop() {
    while (!stopRequested) {
      boolean worked;
      try {
        worked = maintenanceStep();
      } catch (Throwable e) {
        failure = e;
        signalMaintenance();
        return;
      }
      if (!worked) {
        synchronized (signal) {
          while (!stopRequested && !workPending()) {
            try {
              signal.wait();
            } catch (InterruptedException e) {
              return;
            }
          }
        }
      }
    }
  }

  // ------------------------------------------------------------- inspection

  /** Checks every structural invariant of the current version; throws naming the first one. */
  void validate() {
    Invariants.check(version, config);
  }

  TimelogStats stats() {
    Version v = version;
    long records = v.memtable().inOrderCount() + v.memtable().outOfOrderCount();
    long memRecords = records;
    for (SealedRun s : v.sealed()) {
      records += s.run().size;
    }
    for (Segment s : v.l0()) {
      records += s.size();
    }
    for (Segment s : v.l1()) {
      records += s.size();
    }
    return new TimelogStats(records, memRecords, memRecords * 20, v.sealed().size(),
        v.l0().size(), v.l1().size(), v.tombstones().size(), seals.get(), flushes.get(),
        compactions.get(), busyEvents.get(), dropped.get());
  }

}
