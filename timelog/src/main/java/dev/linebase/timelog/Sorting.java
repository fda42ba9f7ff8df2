package dev.linebase.timelog;

/** Primitive stable sorting of record indices by timestamp, without boxing. Stateless. */
final class Sorting {
  private Sorting() {}

  /**
   * The permutation of {@code [0, n)} that orders {@code ts} ascending, equal timestamps kept in
   * index order (a stable bottom-up merge sort; insertion sort for short stretches).
   */
  static int[] stableOrder(long[] ts, int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    final int small = 32;
    for (int start = 0; start < n; start += small) {
      int end = Math.min(n, start + small);
      for (int i = start + 1; i < end; i++) {
        int x = a[i];
        long key = ts[x];
        int j = i - 1;
        while (j >= start && ts[a[j]] > key) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = x;
      }
    }
    int[] b = new int[n];
    for (int width = small; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(n, lo + width);
        int hi = Math.min(n, lo + 2 * width);
        int i = lo;
        int j = mid;
        int k = lo;
        if (mid >= hi || ts[a[mid - 1]] <= ts[a[mid]]) {
          System.arraycopy(a, lo, b, lo, hi - lo);
          continue;
        }
        while (i < mid && j < hi) {
          b[k++] = ts[a[j]] < ts[a[i]] ? a[j++] : a[i++];
        }
        while (i < mid) {
          b[k++] = a[i++];
        }
        while (j < hi) {
          b[k++] = a[j++];
        }
      }
      int[] t = a;
      a = b;
      b = t;
    }
    return a;
  }

  /** True when {@code ts[0, n)} is non-decreasing. */
  static boolean isSorted(long[] ts, int n) {
    for (int i = 1; i < n; i++) {
      if (ts[i] < ts[i - 1]) {
        return false;
      }
    }
    return true;
  }
}
