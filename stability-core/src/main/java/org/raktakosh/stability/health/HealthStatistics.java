package org.raktakosh.stability.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Analytics since the registry started, for one check or for the whole application. A run is a
 * failure when its status is {@link Status#DOWN}; DEGRADED counts as available.
 *
 * @param runs number of completed runs
 * @param failures number of runs that ended DOWN
 * @param consecutiveFailures failures since the last run that was not DOWN
 * @param lastSuccess end of the last run that was not DOWN, or {@code null}
 * @param lastFailure end of the last run that was DOWN, or {@code null}
 * @param lastFailureMessage what the last failure said, or {@code null}
 * @param lastDuration how long the last run took, or {@code null} before the first run
 */
public record HealthStatistics(
    long runs,
    long failures,
    long consecutiveFailures,
    Instant lastSuccess,
    Instant lastFailure,
    String lastFailureMessage,
    Duration lastDuration) {

  /** Statistics before any run. */
  public static final HealthStatistics EMPTY =
      new HealthStatistics(0, 0, 0, null, null, null, null);

  /** The share of runs that were not DOWN, from 0 to 1; empty before the first run. */
  public Optional<Double> availability() {
    return runs == 0 ? Optional.empty() : Optional.of((double) (runs - failures) / runs);
  }

  /** These statistics with one more run that ended at {@code at}. */
  public HealthStatistics record(HealthResult result, Instant at, Duration duration) {
    if (result.status() == Status.DOWN) {
      return new HealthStatistics(
          runs + 1,
          failures + 1,
          consecutiveFailures + 1,
          lastSuccess,
          at,
          describe(result),
          duration);
    }
    return new HealthStatistics(
        runs + 1, failures, 0, at, lastFailure, lastFailureMessage, duration);
  }

  private static String describe(HealthResult result) {
    if (result.message().isPresent()) {
      return result.message().get();
    }
    return result.error().map(e -> e.getClass().getName()).orElse("DOWN");
  }
}
