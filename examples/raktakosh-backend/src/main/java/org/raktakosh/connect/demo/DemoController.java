package org.raktakosh.connect.demo;

import java.util.Map;
import org.raktakosh.stability.problem.ProblemException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
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
    // must be interruptible so that the timeout can stop it.
    Thread.sleep(millis);
    return Map.of("sleptMs", millis);
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
