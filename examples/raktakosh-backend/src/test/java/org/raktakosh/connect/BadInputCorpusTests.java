package org.raktakosh.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bad input against the running back end: a generated corpus of 10,000 requests with malformed
 * {@code Host}, {@code Origin}, {@code Accept-Encoding}, {@code Content-Encoding}, {@code
 * X-Request-Id}, {@code Accept}, oversized headers, truncated gzip bodies (some in broken chunked
 * framing, some shorter than their {@code Content-Length}), multipart bodies that do not parse, and
 * query strings and form bodies whose parameters do not decode, sent over raw sockets (an HTTP
 * client would refuse to send most of them). Every answer must be well-formed HTTP (a status line,
 * a body matching its length, JSON where it says JSON, every 4xx and 5xx with a problem-JSON body,
 * including those Tomcat answers before any filter runs and those Spring MVC leaves empty), none a
 * 500, a 503 only from a health endpoint reporting DOWN, none left hanging.
 *
 * <p>The corpus is generated from a fixed seed, so a failure names a case that reproduces.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      // 10,000 requests from one address in a few seconds: the rate limit would answer most.
      "stability.rate-limit.enabled=false",
      "raktakosh.disk.min-free=1KB"
    })
class BadInputCorpusTests {

  private static final int CASES = 10_000;
  private static final long SEED = 20261128L;
  private static final int READ_TIMEOUT_MS = 15_000;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static Path backups;

  @LocalServerPort private int port;

  @DynamicPropertySource
  static void backupDirectory(DynamicPropertyRegistry registry) throws IOException {
    backups = Files.createTempDirectory("raktakosh-corpus-backups");
    registry.add("raktakosh.backup.directory", backups::toString);
  }

  @AfterAll
  static void deleteBackupDirectory() throws IOException {
    Files.deleteIfExists(backups);
  }

  @Test
  void everyMalformedRequestGetsAWellFormedAnswerAndNoneA500() throws Exception {
    Random random = new Random(SEED);
    List<byte[]> corpus = new ArrayList<>(CASES);
    for (int i = 0; i < CASES; i++) {
      corpus.add(generate(random, i));
    }

    Map<Integer, AtomicInteger> statuses = new TreeMap<>();
    Map<Integer, String> failures = new ConcurrentHashMap<>();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < CASES; i++) {
        int index = i;
        answers.add(clients.submit(() -> exchange(index, corpus.get(index), failures)));
      }
      for (Future<Integer> answer : answers) {
        int status = answer.get(2, TimeUnit.MINUTES);
        synchronized (statuses) {
          statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        }
      }
    } finally {
      clients.shutdownNow();
    }

    System.out.println("Bad-input corpus: " + CASES + " cases, answers by status " + statuses);
    assertThat(failures).as("malformed or missing answers (case -> why)").isEmpty();
    assertThat(statuses).as("statuses seen: %s", statuses).doesNotContainKey(500);
    assertThat(statuses.keySet()).allSatisfy(status -> assertThat(status).isBetween(200, 599));
  }

  /** Sends one case on its own connection; returns the status, or records why it failed. */
  private int exchange(int index, byte[] request, Map<Integer, String> failures) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(READ_TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
        socket.shutdownOutput();
      } catch (IOException serverClosedEarly) {
        // A server may answer and close before reading an oversized request to its end.
      }
      Answer answer = read(socket.getInputStream());
      String problem = answer.problem();
      if (problem != null) {
        failures.put(index, problem + " for " + describe(request));
      } else if (!HEALTH_PATHS.contains(path(request))) {
        if (answer.status == 503) {
          // Nothing here is slow or concurrent enough to be shed: a 503 can only be a health
          // endpoint reporting DOWN (the backup group, before the first backup exists).
          failures.put(index, "503 outside the health endpoints for " + describe(request));
        } else if (answer.status >= 400 && answer.bodyLength == 0 && !path(request).equals("*")) {
          // Bodiless: only Tomcat's refusals of an asterisk-form target (OPTIONS *) may be.
          failures.put(index, answer.status + " without a body for " + describe(request));
        } else if (answer.status >= 400
            && answer.bodyLength > 0
            && !answer.type.startsWith("application/problem+json")) {
          // Refused by the filters or by Tomcat itself: one error format either way. (Tomcat
          // answers a few refusals of an asterisk-form target, OPTIONS *, with no body at all.)
          failures.put(
              index,
              answer.status
                  + " as '"
                  + answer.type
                  + "', not problem JSON, for "
                  + describe(request));
        }
      }
      return answer.status;
    } catch (SocketTimeoutException hang) {
      failures.put(index, "no answer within " + READ_TIMEOUT_MS + " ms for " + describe(request));
      return -1;
    } catch (IOException e) {
      failures.put(index, e + " for " + describe(request));
      return -1;
    }
  }

  /** The request line's path without its query. */
  private static String path(byte[] request) {
    String text = new String(request, StandardCharsets.ISO_8859_1);
    int start = text.indexOf(' ') + 1;
    int end = text.indexOf(' ', start);
    String target = end < 0 ? text.substring(start) : text.substring(start, end);
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  private static String describe(byte[] request) {
    String text = new String(request, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    String head = end < 0 ? text : text.substring(0, end);
    return head.length() > 300 ? head.substring(0, 300) + "…" : head;
  }

  // ---- the corpus

  private static final String[] PATHS = {
    "/api/donors",
    "/api/donors?bloodGroup=O%2B",
    "/health",
    "/health/ready",
    "/backup-health",
    "/demo/slow?ms=1",
    "/api/donors/nope",
    "/nowhere"
  };

  private static final Set<String> HEALTH_PATHS =
      Set.of("/health", "/health/ready", "/backup-health");

  private static byte[] generate(Random random, int index) throws IOException {
    String path = PATHS[random.nextInt(PATHS.length)];
    boolean post = random.nextInt(4) == 0;
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("Host", "localhost");
    byte[] body = new byte[0];
    boolean brokenChunks = false;
    int missing = 0; // bytes the Content-Length promises beyond the body

    String requestLine = null;
    switch (index % 8) {
      case 0 -> headers.put("Host", badHost(random));
      case 1 -> headers.put("Origin", badOrigin(random));
      case 2 -> headers.put("Accept-Encoding", badAcceptEncoding(random));
      case 3 -> {
        post = true;
        headers.put(
            "Content-Encoding", pick(random, "gzip", "gzip", "deflate", "br", "gzip, gzip"));
        body = badGzipBody(random);
        // A third of them in chunked framing the container cannot read, a third with a
        // Content-Length larger than what is sent before the client stops sending.
        switch (random.nextInt(3)) {
          case 0 -> brokenChunks = true;
          case 1 -> missing = 1 + random.nextInt(1_000);
          default -> {}
        }
      }
      case 4 -> {
        headers.put("X-Request-Id", badRequestId(random));
        if (random.nextBoolean()) {
          headers.put("Accept", badAccept(random));
        }
      }
      case 5 -> headers.put("X-Padding", "a".repeat(8_000 + random.nextInt(120_000)));
      case 6 -> {
        // Parameters the container cannot decode, in the query or in a form body.
        if (random.nextBoolean()) {
          path = pick(random, "/api/donors?", "/api/requests?", "/demo/slow?") + badQuery(random);
        } else if (random.nextInt(3) == 0) {
          // A multipart body the container cannot parse.
          post = true;
          String boundary = pick(random, "", "b", "\"\"", "x".repeat(100));
          headers.put("Content-Type", "multipart/form-data; boundary=" + boundary);
          body =
              pick(
                      random,
                      "not multipart",
                      "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
                      "--b\r\n\r\n--b--",
                      "--" + boundary + "\r\nContent-Disposition: form-data\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1);
        } else {
          post = true;
          headers.put("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
          body = badQuery(random).getBytes(StandardCharsets.ISO_8859_1);
        }
      }
      default -> {
        if (random.nextBoolean()) {
          // Several at once.
          headers.put("Host", badHost(random));
          headers.put("Origin", badOrigin(random));
          headers.put("Accept-Encoding", badAcceptEncoding(random));
          headers.put("X-Request-Id", badRequestId(random));
        } else {
          // What the container itself refuses before any filter runs.
          requestLine = badRequestLine(random, headers);
        }
      }
    }
    if (post) {
      path = "/api/donors";
      headers.putIfAbsent("Content-Type", "application/json");
      if (body.length == 0) {
        body = "{\"name\":".getBytes(StandardCharsets.UTF_8); // truncated JSON
      }
    }
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    if (requestLine == null) {
      requestLine = (post ? "POST " : "GET ") + path + " HTTP/1.1";
    }
    request.write((requestLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    for (Map.Entry<String, String> header : headers.entrySet()) {
      request.write(
          (header.getKey() + ": " + header.getValue() + "\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
    }
    if (brokenChunks) {
      request.write("Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII));
    } else if (post) {
      request.write(
          ("Content-Length: " + (body.length + missing) + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
    }
    request.write("Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    request.write(brokenChunks ? brokenChunks(random, body) : body);
    return request.toByteArray();
  }

  /** {@code body} in chunked framing that is wrong in one of several ways. */
  private static byte[] brokenChunks(Random random, byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String size = Integer.toHexString(body.length);
    switch (random.nextInt(4)) {
      case 0 -> out.write(("zz\r\n").getBytes(StandardCharsets.US_ASCII)); // not a size
      case 1 -> out.write(("-" + size + "\r\n").getBytes(StandardCharsets.US_ASCII));
      case 2 -> out.write((size + "0\r\n").getBytes(StandardCharsets.US_ASCII)); // ends early
      default ->
          out.write((size + ";" + "x".repeat(10_000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    out.write(body);
    out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static String badAccept(Random random) {
    return pick(
        random,
        "*/*;q=abc",
        "application/json;q=",
        "text/",
        "/",
        ";;;",
        "application/json, */*;q=1.5",
        "application/json;charset",
        "\u00e9/\u00e9",
        "text/csv");
  }

  private static String badHost(Random random) {
    return pick(
        random,
        "",
        " ",
        "evil.example",
        "localhost:99999",
        "localhost:-1",
        "local host",
        "[::1",
        "::1]",
        "[zz::1]:80",
        "a".repeat(300) + ".example",
        "xn--" + "a".repeat(70),
        "localhost\t",
        "localhost:8003:8003",
        "..",
        "\u00e9xample.org",
        "localhost@evil.example",
        "%6c%6f%63%61%6c%68%6f%73%74",
        randomBytes(random, 1 + random.nextInt(40)));
  }

  private static String badOrigin(Random random) {
    return pick(
        random,
        "null",
        "",
        "http://",
        "https://",
        "javascript:alert(1)",
        "file://",
        "http://localhost:5173/path",
        "http://a:b:c",
        "HTTP://LOCALHOST:5173",
        "http://localhost:5173 , http://evil.example",
        "http://" + "x".repeat(5_000),
        "http://[::1",
        "http://\u00e9vil.example",
        "*",
        randomBytes(random, 1 + random.nextInt(60)));
  }

  private static String badAcceptEncoding(Random random) {
    return pick(
        random,
        "gzip;q=abc",
        ";;;",
        "*;q=-1",
        "gzip;q=1.0000001",
        "gzip;q=",
        "gzip;;q=0.5",
        ",,,gzip,,,",
        "GZIP;Q=0.5, identity;q=0",
        "identity;q=0, *;q=0",
        "gzip;q=0.5;q=0.9",
        String.join(",", java.util.Collections.nCopies(500, "gzip;q=0.1")),
        "br;q=1e10",
        randomBytes(random, 1 + random.nextInt(60)));
  }

  private static String badRequestId(Random random) {
    return pick(
        random,
        "",
        " ",
        "a".repeat(129),
        "a".repeat(10_000),
        "id\u0001with\u0007controls",
        "\u00ff\u00fe",
        "id with spaces",
        "\"quoted\"",
        "../../etc/passwd",
        "${jndi:ldap://x}",
        randomBytes(random, 1 + random.nextInt(200)));
  }

  /** A query string or form body with escapes that do not decode, or too many parameters. */
  private static String badQuery(Random random) {
    return pick(
        random,
        "bloodGroup=%zz",
        "bloodGroup=%",
        "city=%C3%28",
        "city=%E0%A4",
        "status=%FF%FE",
        "a=%0",
        "%=%",
        "%%%%",
        "ms=%31%3",
        "bloodGroup=O%2B&city=%G1",
        "a=1&".repeat(1_001),
        "x=" + "%zz".repeat(200));
  }

  private static byte[] badGzipBody(Random random) throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write(
          ("{\"name\":\"Asha\",\"bloodGroup\":\"O+\",\"city\":\"Pune\",\"phone\":\"+9198765"
                  + "43210\"}")
              .getBytes(StandardCharsets.UTF_8));
    }
    byte[] whole = compressed.toByteArray();
    return switch (random.nextInt(4)) {
      case 0 -> java.util.Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1)); // truncated
      case 1 -> randomBytes(random, 1 + random.nextInt(500)).getBytes(StandardCharsets.ISO_8859_1);
      case 2 -> {
        byte[] corrupt = whole.clone();
        corrupt[10 + random.nextInt(corrupt.length - 18)] ^= (byte) 0xFF; // bad deflate data
        yield corrupt;
      }
      default -> new byte[] {0x1f, (byte) 0x8b}; // just the magic
    };
  }

  /** Printable-ish bytes without CR and LF, so the request stays one header line. */
  private static String randomBytes(Random random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      char c = (char) (1 + random.nextInt(255));
      text.append(c == '\r' || c == '\n' ? '?' : c);
    }
    return text.toString();
  }

  /**
   * A request line (and perhaps a header) that Tomcat refuses in its connector: paths that do not
   * decode or normalise, characters a request target may not hold, methods and versions it does not
   * serve, framing it does not support.
   */
  private static String badRequestLine(Random random, Map<String, String> headers) {
    String target =
        pick(
            random,
            "/api/a%2Fb",
            "/api/%zz",
            "/api/%",
            "/api/../../etc/passwd",
            "/api/<script>",
            "/api/a\\b",
            "/api/donors%00",
            "/" + "x".repeat(9_000),
            "http://evil.example/api/donors",
            "*");
    String method = pick(random, "GET", "GET", "TRACE", "CONNECT", "BREW", "G\u00c9T", "OPTIONS");
    // No request line without a version: Tomcat 11.0.22 serves that as HTTP/0.9, and then answers
    // a later request whose line it cannot parse, on the same recycled processor, without a status
    // line (its Http11Processor keeps the HTTP/0.9 flag; see benchmarks/RESULTS.md, "Bad input").
    String version = pick(random, "HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/9.9", "HTTP/1.x");
    switch (random.nextInt(4)) {
      case 0 -> headers.put("Expect", "100-continue-please");
      case 1 -> headers.put("Transfer-Encoding", pick(random, "gzip", "chunked, chunked", "x"));
      default -> {}
    }
    return method + " " + target + " " + version;
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  // ---- reading and judging an answer

  private record Answer(int status, String type, int bodyLength, String error) {
    Answer(int status, String error) {
      this(status, "", 0, error);
    }

    String problem() {
      return error;
    }
  }

  private static Answer read(InputStream in) throws IOException {
    byte[] raw = in.readAllBytes(); // every case asks for Connection: close
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    if (raw.length == 0) {
      return new Answer(-1, "connection closed without an answer");
    }
    if (!text.matches("(?s)^HTTP/1\\.1 [1-5][0-9][0-9][^\r\n]*\r\n.*")) {
      return new Answer(-1, "no status line: " + text.substring(0, Math.min(80, text.length())));
    }
    int status = Integer.parseInt(text.substring(9, 12));
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return new Answer(status, "headers never ended");
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String line : text.substring(0, end).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    String length = headers.get("Content-Length");
    if (length != null && Integer.parseInt(length) != body.length) {
      return new Answer(status, "Content-Length " + length + " but " + body.length + " bytes");
    }
    if ("chunked".equalsIgnoreCase(headers.get("Transfer-Encoding"))) {
      body = dechunk(body);
      if (body == null) {
        return new Answer(status, "broken chunked body");
      }
    }
    String type = headers.getOrDefault("Content-Type", "").toLowerCase(Locale.ROOT);
    boolean encoded = headers.containsKey("Content-Encoding");
    if (type.contains("json") && !encoded && body.length > 0) {
      try {
        JSON.readTree(body);
      } catch (RuntimeException e) {
        return new Answer(status, "invalid JSON body: " + e.getMessage());
      }
    }
    return new Answer(status, type, body.length, null);
  }

  private static byte[] dechunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int lineEnd = indexOf(body, at);
      if (lineEnd < 0) {
        return null;
      }
      String sizeLine = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII);
      int size;
      try {
        size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
      } catch (NumberFormatException e) {
        return null;
      }
      at = lineEnd + 2;
      if (size == 0) {
        return out.toByteArray();
      }
      if (at + size > body.length) {
        return null;
      }
      out.write(body, at, size);
      at += size + 2;
    }
  }

  private static int indexOf(byte[] data, int from) {
    for (int i = from; i + 1 < data.length; i++) {
      if (data[i] == '\r' && data[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
