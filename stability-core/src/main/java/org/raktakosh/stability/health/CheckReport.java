package org.raktakosh.stability.health;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the registry knows about one check at the time of a report: its last result, when it ran and
 * for how long, how it is configured and its analytics.
 *
 * @param name the check's registered name
 * @param result the last result ({@link Status#UNKNOWN} before the first background run)
 * @param duration how long the run took ({@link Duration#ZERO} if it has not run)
 * @param checkedAt when the run ended, or {@code null} if it has not run
 * @param critical whether a failure takes aggregates DOWN rather than DEGRADED
 * @param groups the groups the check belongs to
 * @param statistics analytics since start
 */
public record CheckReport(
    String name,
    HealthResult result,
    Duration duration,
    OffsetDateTime checkedAt,
    boolean critical,
    Set<String> groups,
    HealthStatistics statistics) {

  /** Checks the arguments; {@code groups} is copied. */
  public CheckReport {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(statistics, "statistics");
    groups = Set.copyOf(groups);
  }

  /** The status of the last result. */
  public Status status() {
    return result.status();
  }

  /**
   * The status this check adds to the application's, liveness's and readiness's aggregate: its own,
   * except that a non-critical check that is DOWN counts as DEGRADED.
   */
  public Status aggregateStatus() {
    return !critical && status() == Status.DOWN ? Status.DEGRADED : status();
  }

  /** When the last run ended; empty if the check has not run yet. */
  public Optional<OffsetDateTime> lastChecked() {
    return Optional.ofNullable(checkedAt);
  }

  /** This report with {@code newStatistics}. */
  public CheckReport withStatistics(HealthStatistics newStatistics) {
    return new CheckReport(name, result, duration, checkedAt, critical, groups, newStatistics);
  }
}
