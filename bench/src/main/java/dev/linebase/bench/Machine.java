package dev.linebase.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

/**
 * What a benchmark ran on: JDK, cores, memory, CPU model, kernel and the file system of the data
 * directory. Read once from {@code /proc} and the runtime; immutable and thread-safe.
 */
public record Machine(
    String jdk, int cores, long memoryBytes, String cpu, String kernel, String fileSystem) {

  public static Machine current(Path dataDir) {
    String fs;
    try {
      fs = Files.getFileStore(dataDir).type();
    } catch (IOException e) {
      fs = "unknown";
    }
    return new Machine(
        Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
            + System.getProperty("java.vendor") + ")",
        Runtime.getRuntime().availableProcessors(),
        memTotal(),
        cpuModel(),
        firstLine(Paths.get("/proc/sys/kernel/osrelease")),
        fs);
  }

  /** The first three fields of {@code /proc/loadavg} (1, 5, 15 minutes), or "unknown". */
  public static String loadAverage() {
    List<String> l = lines(Paths.get("/proc/loadavg"));
    if (l.isEmpty()) {
      return "unknown";
    }
    String[] f = l.get(0).trim().split("\\s+");
    return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "unknown";
  }

  private static long memTotal() {
    for (String line : lines(Paths.get("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        String[] f = line.trim().split("\\s+");
        return Long.parseLong(f[1]) * 1024;
      }
    }
    return -1;
  }

  private static String cpuModel() {
    for (String line : lines(Paths.get("/proc/cpuinfo"))) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return System.getProperty("os.arch");
  }

  private static String firstLine(Path file) {
    List<String> l = lines(file);
    return l.isEmpty() ? System.getProperty("os.version") : l.get(0).trim();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }

  /** One line such as {@code 2 cores, 23.4 GiB, Intel Xeon ..., Linux 6.1, ext4}. */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "%d cores, %.1f GiB RAM, %s, Linux %s, data on %s",
        cores,
        memoryBytes / (double) (1L << 30),
        cpu,
        kernel,
        fileSystem);
  }
}
