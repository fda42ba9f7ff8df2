package dev.linebase.bench;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Finds the benchmark suites in the benchmarks jar for {@code bench/run}. A suite is an area
 * package {@code dev.linebase.bench.<area>} holding harness classes (any top-level class there
 * that declares {@code public static void main(String[])}) and/or JMH benchmarks (recognized by
 * the {@code jmh_generated} package JMH's annotation processor writes beside them). Classes are
 * inspected without being initialized.
 *
 * <pre>
 * java -cp benchmarks.jar dev.linebase.bench.Suites list          # areas, one per line
 * java -cp benchmarks.jar dev.linebase.bench.Suites mains AREA    # its harness classes
 * java -cp benchmarks.jar dev.linebase.bench.Suites jmh AREA      # "jmh" if it has benchmarks
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class Suites {
  private static final String PREFIX = "dev/linebase/bench/";

  private Suites() {}

  /** True if {@code cls} declares {@code public static void main(String[])}; not initialized. */
  private static boolean hasMain(String cls) {
    try {
      Method m = Class.forName(cls, false, Suites.class.getClassLoader())
          .getDeclaredMethod("main", String[].class);
      return Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())
          && m.getReturnType() == void.class;
    } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
      return false;
    }
  }

  public static void main(String[] args) throws IOException, URISyntaxException {
    if (args.length == 0) {
      System.err.println("usage: Suites list | mains AREA | jmh AREA");
      System.exit(2);
    }
    TreeSet<String> areas = new TreeSet<>();
    TreeSet<String> mains = new TreeSet<>();
    TreeSet<String> jmh = new TreeSet<>();
    Path jar = Paths.get(Suites.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (JarFile jf = new JarFile(jar.toFile())) {
      for (Enumeration<JarEntry> e = jf.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        if (!name.startsWith(PREFIX) || !name.endsWith(".class")) {
          continue;
        }
        String[] parts = name.substring(PREFIX.length()).split("/");
        if (parts.length == 2 && !parts[1].contains("$")) {
          String cls = "dev.linebase.bench." + parts[0] + "."
              + parts[1].substring(0, parts[1].length() - ".class".length());
          if (hasMain(cls)) {
            areas.add(parts[0]);
            mains.add(parts[0] + " " + cls);
          }
        } else if (parts.length == 3 && parts[1].equals("jmh_generated")) {
          areas.add(parts[0]);
          jmh.add(parts[0]);
        }
      }
    }
    switch (args[0]) {
      case "list":
        areas.forEach(System.out::println);
        break;
      case "mains":
        for (String m : mains) {
          if (m.startsWith(args[1] + " ")) {
            System.out.println(m.substring(args[1].length() + 1));
          }
        }
        break;
      case "jmh":
        if (jmh.contains(args[1])) {
          System.out.println("jmh");
        }
        break;
      default:
        System.err.println("unknown command: " + args[0]);
        System.exit(2);
    }
  }
}
