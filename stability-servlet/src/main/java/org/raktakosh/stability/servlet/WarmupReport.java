package org.raktakosh.stability.servlet;

import java.time.Duration;
import java.util.Optional;

/**
 * What a {@link Warmup} did.
 *
 * @param sent requests sent
 * @param succeeded of those, answered with a status below 400
 * @param clientErrors answered 4xx: a path that needs more than a plain GET, or a refused host
 * @param serverErrors answered 5xx
 * @param took from the start to the end of the warm-up
 * @param stoppedBecause why it ended before sending every request (a timeout, a failed connection,
 *     {@link Warmup#close()}); empty if it sent them all
 */
public record WarmupReport(
    int sent,
    long succeeded,
    long clientErrors,
    long serverErrors,
    Duration took,
    Optional<String> stoppedBecause) {

  /** Whether every request was sent (whatever its answer). */
  public boolean complete() {
    return stoppedBecause.isEmpty();
  }
}
