package dev.linebase.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.linebase.jsonl.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * Writes realistic product-analytics events as JSON Lines, deterministically from a seed: a
 * timestamp, a sequence number, a user and session, an event type and nested properties that
 * depend on the type (page views, clicks, searches, cart additions, purchases with line items,
 * sign-ups, errors). About 190 bytes per line on average.
 *
 * <pre>{@code
 * {"ts":"2026-03-01T00:00:00.042Z","seq":0,"user":"u_041233","session":"s_5e1f0a2c",
 *  "event":"page_view","props":{"path":"/products/1423","referrer":"search","device":"mobile",
 *  "country":"DE","ms":182}}
 * }</pre>
 *
 * (one line in the file). Lines are built as ASCII bytes directly, without a JSON library, so a
 * million of them take about a second. Every line is a valid JSON object. Instances are not
 * thread-safe.
 */
public final class EventGenerator {
  /** The default seed, so every demo run writes the same file. */
  public static final long DEFAULT_SEED = 20260301L;

  private static final long START_EPOCH_MILLIS =
      LocalDateTime.of(2026, 3, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
  private static final String[] EVENTS = {
    "page_view", "click", "search", "add_to_cart", "purchase", "signup", "error"
  };
  private static final int[] EVENT_WEIGHTS = {50, 20, 10, 8, 4, 3, 5};
  private static final String[] PAGES = {
    "/", "/products", "/products/", "/cart", "/checkout", "/account", "/search", "/blog/"
  };
  private static final String[] REFERRERS = {"direct", "search", "social", "email", "ad"};
  private static final String[] DEVICES = {"desktop", "mobile", "tablet"};
  private static final String[] COUNTRIES = {
    "US", "DE", "FR", "GB", "JP", "BR", "IN", "CA", "NL", "ES", "IT", "SE"
  };
  private static final String[] ELEMENTS = {
    "add_to_cart", "buy_now", "menu", "logo", "next_page", "filter", "share", "wishlist"
  };
  private static final String[] QUERIES = {
    "wireless headphones", "running shoes", "coffee grinder", "usb-c cable", "desk lamp",
    "yoga mat", "mechanical keyboard", "water bottle", "backpack", "phone case"
  };
  private static final String[] CURRENCIES = {"USD", "EUR", "GBP", "JPY"};
  private static final String[] PLANS = {"free", "pro", "team"};
  private static final String[] ERRORS = {
    "503 upstream timeout", "500 internal error", "404 not found", "429 rate limited"
  };

  private final SplittableRandom random;
  private final int[] cumulativeWeights;
  private long seq;
  private long timeMillis = START_EPOCH_MILLIS;
  private long cachedSecond = Long.MIN_VALUE;
  private byte[] cachedSecondText = new byte[0];

  private byte[] buf = new byte[1 << 20];
  private int len;

  public EventGenerator(long seed) {
    this.random = new SplittableRandom(seed);
    this.cumulativeWeights = new int[EVENT_WEIGHTS.length];
    int sum = 0;
    for (int i = 0; i < EVENT_WEIGHTS.length; i++) {
      sum += EVENT_WEIGHTS[i];
      cumulativeWeights[i] = sum;
    }
  }

  /**
   * Continues the stream of events after {@code lastLine}, an event this class wrote: the next
   * event gets the following sequence number and a timestamp at or after the last one.
   *
   * @throws IllegalArgumentException if {@code lastLine} is not such an event
   */
  public EventGenerator continueAfter(String lastLine) {
    try {
      JsonNode last = Json.mapper().readTree(lastLine);
      seq = last.get("seq").asLong() + 1;
      timeMillis = Instant.parse(last.get("ts").asText()).toEpochMilli();
      return this;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a generated event: " + lastLine, e);
    }
  }

  /**
   * Writes {@code lines} events to {@code file} (created or replaced) and returns its size in
   * bytes; {@code progress} receives the number of lines written so far.
   */
  public long writeFile(Path file, long lines, LongConsumer progress) throws IOException {
    if (lines < 0) {
      throw new IllegalArgumentException("lines < 0: " + lines);
    }
    long written = 0;
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      for (long i = 0; i < lines; i++) {
        appendEvent();
        if (len > buf.length - 4096 || i == lines - 1) {
          ByteBuffer bb = ByteBuffer.wrap(buf, 0, len);
          while (bb.hasRemaining()) {
            written += ch.write(bb);
          }
          len = 0;
          progress.accept(i + 1);
        }
      }
    }
    return written;
  }

  /** The next event as one line of JSON, without the newline. */
  public String nextLine() {
    len = 0;
    appendEvent();
    String line = new String(buf, 0, len - 1, StandardCharsets.US_ASCII);
    len = 0;
    return line;
  }

  private void appendEvent() {
    timeMillis += random.nextInt(120);
    int user = random.nextInt(100_000);
    int type = pickEvent();
    str("{\"ts\":\"");
    timestamp(timeMillis);
    str("\",\"seq\":");
    num(seq++);
    str(",\"user\":\"u_");
    padded(user, 6);
    str("\",\"session\":\"s_");
    hex(user * 2_654_435_761L + timeMillis / 1_800_000, 8);
    str("\",\"event\":\"");
    str(EVENTS[type]);
    str("\",\"props\":{");
    switch (type) {
      case 0: // page_view
        page();
        str(",\"referrer\":\"");
        str(pick(REFERRERS));
        str("\",\"device\":\"");
        str(pick(DEVICES));
        str("\",\"country\":\"");
        str(pick(COUNTRIES));
        str("\",\"ms\":");
        num(20 + random.nextInt(400) + (random.nextInt(20) == 0 ? random.nextInt(5000) : 0));
        break;
      case 1: // click
        page();
        str(",\"element\":\"");
        str(pick(ELEMENTS));
        str("\",\"x\":");
        num(random.nextInt(1920));
        str(",\"y\":");
        num(random.nextInt(1080));
        break;
      case 2: // search
        str("\"query\":\"");
        str(pick(QUERIES));
        str("\",\"results\":");
        num(random.nextInt(500));
        str(",\"page\":");
        num(1 + random.nextInt(3));
        break;
      case 3: // add_to_cart
        str("\"sku\":\"SKU-");
        padded(random.nextInt(20_000), 5);
        str("\",\"qty\":");
        num(1 + random.nextInt(4));
        str(",\"price\":");
        money(199 + random.nextInt(20_000));
        break;
      case 4: // purchase
        purchase();
        break;
      case 5: // signup
        str("\"plan\":\"");
        str(pick(PLANS));
        str("\",\"source\":\"");
        str(pick(REFERRERS));
        str("\",\"newsletter\":");
        str(random.nextBoolean() ? "true" : "false");
        break;
      default: // error
        page();
        String error = pick(ERRORS);
        str(",\"status\":");
        str(error.substring(0, 3));
        str(",\"message\":\"");
        str(error.substring(4));
        str("\",\"retry\":");
        str(random.nextInt(3) == 0 ? "true" : "false");
        break;
    }
    str("}}\n");
  }

  private void purchase() {
    str("\"order\":\"o_");
    hex(random.nextLong() & 0xFFFF_FFFFL, 8);
    str("\",\"currency\":\"");
    str(pick(CURRENCIES));
    str("\",\"items\":[");
    int items = 1 + random.nextInt(3);
    long total = 0;
    for (int i = 0; i < items; i++) {
      if (i > 0) {
        str(",");
      }
      int cents = 199 + random.nextInt(20_000);
      int qty = 1 + random.nextInt(3);
      total += (long) cents * qty;
      str("{\"sku\":\"SKU-");
      padded(random.nextInt(20_000), 5);
      str("\",\"qty\":");
      num(qty);
      str(",\"price\":");
      money(cents);
      str("}");
    }
    str("],\"total\":");
    money(total);
  }

  private void page() {
    str("\"path\":\"");
    String page = pick(PAGES);
    str(page);
    if (page.endsWith("/") && page.length() > 1) {
      num(random.nextInt(5000));
    }
    str("\"");
  }

  private int pickEvent() {
    int r = random.nextInt(cumulativeWeights[cumulativeWeights.length - 1]);
    for (int i = 0; i < cumulativeWeights.length; i++) {
      if (r < cumulativeWeights[i]) {
        return i;
      }
    }
    return cumulativeWeights.length - 1;
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  private void timestamp(long millis) {
    long second = Math.floorDiv(millis, 1000);
    if (second != cachedSecond) {
      cachedSecond = second;
      cachedSecondText =
          LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC)
              .toString()
              .getBytes(StandardCharsets.US_ASCII);
      if (cachedSecondText.length == 16) { // "yyyy-MM-ddTHH:mm" when seconds are 0
        cachedSecondText = Arrays.copyOf(cachedSecondText, 19);
        cachedSecondText[16] = ':';
        cachedSecondText[17] = '0';
        cachedSecondText[18] = '0';
      }
    }
    ensure(cachedSecondText.length + 5);
    System.arraycopy(cachedSecondText, 0, buf, len, cachedSecondText.length);
    len += cachedSecondText.length;
    buf[len++] = '.';
    padded(Math.floorMod(millis, 1000), 3);
    buf[len++] = 'Z';
  }

  private void money(long cents) {
    num(cents / 100);
    ensure(3);
    buf[len++] = '.';
    buf[len++] = (byte) ('0' + cents % 100 / 10);
    buf[len++] = (byte) ('0' + cents % 10);
  }

  private void str(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  private void num(long v) {
    if (v == 0) {
      ensure(1);
      buf[len++] = '0';
      return;
    }
    ensure(20);
    if (v < 0) {
      buf[len++] = '-';
      v = -v;
    }
    int start = len;
    while (v > 0) {
      buf[len++] = (byte) ('0' + v % 10);
      v /= 10;
    }
    for (int i = start, j = len - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
  }

  private void padded(long v, int width) {
    ensure(width);
    for (int i = width - 1; i >= 0; i--) {
      buf[len + i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    len += width;
  }

  private void hex(long v, int width) {
    ensure(width);
    for (int i = width - 1; i >= 0; i--) {
      buf[len + i] = (byte) "0123456789abcdef".charAt((int) (v & 0xF));
      v >>>= 4;
    }
    len += width;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
