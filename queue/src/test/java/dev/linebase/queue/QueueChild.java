package dev.linebase.queue;

import dev.linebase.io.Durability;
import dev.linebase.testkit.Acks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Child JVM for multi-process and crash tests.
 *
 * <pre>
 * produce DIR DURABILITY PRODUCER COUNT THREADS   put {"p":P,"t":T,"n":N}; print "ACK P:T:N" after
 *                                                  each put returns
 * consume-ack DIR NAME STOPFILE                    receive, print "GOT handle value", ack, print
 *                                                  "ACKED handle"; exit once STOPFILE exists and
 *                                                  nothing arrived for 500 ms
 * consume-auto DIR NAME STOPFILE [PACEMILLIS]      poll, print "GOT value", then pause PACEMILLIS
 *                                                  (default 0) to pace itself; same exit rule
 * lease-stall DIR LEASEMILLIS                      receive one message with that lease timeout,
 *                                                  print "LEASED handle value", then stall (alive,
 *                                                  queue open, never acknowledging) until killed
 * </pre>
 */
public final class QueueChild {
  private QueueChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    switch (args[0]) {
      case "produce" -> produce(dir, Durability.parse(args[2]), args[3], Integer.parseInt(args[4]),
          Integer.parseInt(args[5]));
      case "consume-ack" -> consumeAck(dir, Path.of(args[3]));
      case "consume-auto" -> consumeAuto(dir, Path.of(args[3]),
          args.length > 4 ? Long.parseLong(args[4]) : 0);
      case "lease-stall" -> leaseStall(dir, Duration.ofMillis(Long.parseLong(args[2])));
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static void produce(Path dir, Durability durability, String producer, int count,
      int threads) throws Exception {
    try (FileQueue<String> q = FileQueue.open(dir,
        QueueConfig.builder().durability(durability).build())) {
      Acks.ready();
      List<Thread> ts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Thread th = new Thread(() -> {
          try {
            for (int n = 0; n < count; n++) {
              q.put("{\"p\":\"" + producer + "\",\"t\":" + thread + ",\"n\":" + n + "}");
              Acks.ack(producer + ":" + thread + ":" + n);
            }
          } catch (Exception e) {
            e.printStackTrace();
            System.exit(3);
          }
        });
        th.start();
        ts.add(th);
      }
      for (Thread th : ts) {
        th.join();
      }
    }
    System.out.println("DONE");
  }

  private static void consumeAck(Path dir, Path stop) throws Exception {
    try (FileQueue<String> q = FileQueue.open(dir)) {
      Acks.ready();
      long idleSince = System.nanoTime();
      while (true) {
        Message<String> m = q.receive(Duration.ofMillis(50));
        if (m == null) {
          if (Files.exists(stop) && System.nanoTime() - idleSince > 500_000_000L) {
            break;
          }
          continue;
        }
        idleSince = System.nanoTime();
        System.out.println("GOT " + m.handle() + " " + m.value());
        q.ack(m.handle());
        System.out.println("ACKED " + m.handle());
      }
    }
    System.out.println("DONE");
  }

  private static void consumeAuto(Path dir, Path stop, long paceMillis) throws Exception {
    try (FileQueue<String> q = FileQueue.open(dir, QueueConfig.builder().claimBatch(16).build())) {
      Acks.ready();
      long idleSince = System.nanoTime();
      while (true) {
        String v = q.poll(Duration.ofMillis(50));
        if (v == null) {
          if (Files.exists(stop) && System.nanoTime() - idleSince > 500_000_000L) {
            break;
          }
          continue;
        }
        idleSince = System.nanoTime();
        System.out.println("GOT " + v);
        if (paceMillis > 0) {
          Thread.sleep(paceMillis); // pacing this child's own consumption, not waiting for work
        }
      }
    }
    System.out.println("DONE");
  }

  private static void leaseStall(Path dir, Duration leaseTimeout) throws Exception {
    try (FileQueue<String> q =
        FileQueue.open(dir, QueueConfig.builder().leaseTimeout(leaseTimeout).build())) {
      Message<String> m = q.receive(Duration.ofSeconds(60));
      System.out.println("LEASED " + m.handle() + " " + m.value());
      while (true) {
        Thread.sleep(1_000); // stalled: a live consumer that never acknowledges
      }
    }
  }
}
