package org.raktakosh.connect.demo;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.raktakosh.stability.problem.ProblemException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /demo/*}: endpoints that misbehave on purpose, so that each Stability feature can be tried
 * by hand and by load tests. On by default (the dev set-up); {@code raktakosh.demo.enabled=false},
 * as in the {@code prod} profile, removes them.
 */
@RestController
@RequestMapping("/demo")
@ConditionalOnBooleanProperty(name = "raktakosh.demo.enabled", matchIfMissing = true)
public class DemoController {

  /** Message of the exception {@link #fail()} throws; it must never reach the client. */
  public static final String FAILURE_MESSAGE = "demo failure";

  /** Longest sleep {@link #slow(String)} accepts: enough to pass any sensible timeout. */
  public static final long MAX_SLOW_MS = 120_000;

  /** Largest body {@link #large(String)} writes, in KiB: 10 MiB. */
  public static final long MAX_LARGE_KB = 10 * 1024;

  /** Most lines {@link #stream} writes. */
  public static final long MAX_STREAM_CHUNKS = 100;

  /** Longest pause {@link #stream} takes between lines. */
  public static final long MAX_STREAM_MS = 10_000;

  /** Creates the controller; Spring calls this. */
  public DemoController() {}

  /**
   * Always throws, for error recovery: the client gets a 500 {@code application/problem+json}
   * carrying the request id and not the exception's message.
   */
  @GetMapping("/fail")
  public String fail() {
    throw new IllegalStateException(FAILURE_MESSAGE);
  }

  /**
   * Sleeps {@code ms} milliseconds on the request thread, for the request timeout: past {@code
   * stability.timeout.duration} the client gets a 503 problem and this sleep is interrupted.
   *
   * @param ms milliseconds to sleep, 0 to {@value #MAX_SLOW_MS}
   * @return {@code {"sleptMs": ms}}
   * @throws ProblemException 400 if {@code ms} is not a whole number in range
   * @throws InterruptedException when the timeout filter interrupts the sleep; what the handler
   *     does after the timeout never reaches the client
   */
  @GetMapping("/slow")
  public Map<String, Long> slow(@RequestParam(defaultValue = "1000") String ms)
      throws InterruptedException {
    long millis = parseMillis(ms);
    // The sleep is the point of this endpoint: it stands for a slow query or remote call, and it
    // must be interruptible so that the timeout can stop it. Not for 0: Thread.sleep(0) yields the
    // processor (a sched_yield), and "ms=0" is the overhead benchmark's do-nothing JSON endpoint.
    if (millis > 0) {
      Thread.sleep(millis);
    }
    return Map.of("sleptMs", millis);
  }

  /**
   * About {@code kb} KiB of compressible JSON (donor-like records) with a strong {@code ETag}, for
   * GZip: with {@code Accept-Encoding: gzip} it is sent compressed with the ETag {@code
   * "<hash>--gzip"}, and {@code If-None-Match} with either tag answers 304.
   *
   * @param kb size in KiB, 1 to {@value #MAX_LARGE_KB}
   * @throws ProblemException 400 if {@code kb} is not a whole number in range
   */
  @GetMapping(value = "/large", produces = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> large(@RequestParam(defaultValue = "64") String kb) {
    int size = (int) parseBounded("kb", kb, 1, MAX_LARGE_KB) * 1024;
    StringBuilder json = new StringBuilder(size + 128).append("{\"donors\":[");
    String[] groups = {"O+", "O-", "A+", "A-", "B+", "B-", "AB+", "AB-"};
    for (int i = 0; json.length() < size - 80; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"id\":")
          .append(i)
          .append(",\"name\":\"Donor ")
          .append(i)
          .append("\",\"bloodGroup\":\"")
          .append(groups[i % groups.length])
          .append("\",\"city\":\"Kathmandu\",\"available\":")
          .append(i % 3 != 0)
          .append('}');
    }
    String body = json.append("]}").toString();
    String etag = "\"" + Integer.toHexString(body.hashCode()) + "\"";
    return ResponseEntity.ok().eTag(etag).body(body);
  }

  /**
   * Writes {@code chunks} lines of JSON ({@code application/x-ndjson}), flushing each and pausing
   * {@code ms} milliseconds between them, for streaming through GZip: each line reaches the client
   * when it is flushed, compressed or not.
   *
   * @param chunks number of lines, 1 to {@value #MAX_STREAM_CHUNKS}
   * @param ms pause between lines, 0 to {@value #MAX_STREAM_MS}
   * @throws ProblemException 400 if a parameter is not a whole number in range
   */
  @GetMapping("/stream")
  public void stream(
      @RequestParam(defaultValue = "5") String chunks,
      @RequestParam(defaultValue = "400") String ms,
      HttpServletResponse response)
      throws IOException, InterruptedException {
    long count = parseBounded("chunks", chunks, 1, MAX_STREAM_CHUNKS);
    long pause = parseBounded("ms", ms, 0, MAX_STREAM_MS);
    response.setContentType("application/x-ndjson");
    response.flushBuffer(); // headers first, as a stream does; the client knows it has begun
    for (long i = 0; i < count; i++) {
      if (i > 0) {
        Thread.sleep(pause); // interruptible, like /demo/slow, so the timeout can stop it
      }
      String line =
          "{\"chunk\":" + i + ",\"of\":" + count + ",\"padding\":\"" + "ab".repeat(100) + "\"}\n";
      response.getOutputStream().write(line.getBytes(StandardCharsets.UTF_8));
      response.getOutputStream().flush();
    }
  }

  private static long parseBounded(String name, String value, long min, long max) {
    long parsed;
    try {
      parsed = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new ProblemException(400, name + " must be a whole number");
    }
    if (parsed < min || parsed > max) {
      throw new ProblemException(400, name + " must be between " + min + " and " + max);
    }
    return parsed;
  }

  private static long parseMillis(String ms) {
    long millis;
    try {
      millis = Long.parseLong(ms.trim());
    } catch (NumberFormatException e) {
      throw new ProblemException(400, "ms must be a whole number of milliseconds");
    }
    if (millis < 0 || millis > MAX_SLOW_MS) {
      throw new ProblemException(400, "ms must be between 0 and " + MAX_SLOW_MS);
    }
    return millis;
  }
}
