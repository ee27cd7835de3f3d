package org.raktakosh.stability.health;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The health of the whole application or of one group at one moment.
 *
 * @param group the group evaluated, or {@code null} for the whole application
 * @param status the aggregate: the worst {@link CheckReport#aggregateStatus()} of the checks
 * @param timestamp when the report was made
 * @param processStart when the JVM started
 * @param uptime time since {@code processStart}
 * @param checks each check's report, by name in name order (unmodifiable)
 * @param statistics analytics of the whole application's evaluations (for a group: of the whole)
 */
public record HealthReport(
    String group,
    Status status,
    OffsetDateTime timestamp,
    Instant processStart,
    Duration uptime,
    Map<String, CheckReport> checks,
    HealthStatistics statistics) {

  /** Checks the arguments; {@code checks} is copied keeping its order. */
  public HealthReport {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(processStart, "processStart");
    Objects.requireNonNull(uptime, "uptime");
    Objects.requireNonNull(statistics, "statistics");
    checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
  }

  /** The group evaluated; empty for the whole application. */
  public Optional<String> groupName() {
    return Optional.ofNullable(group);
  }
}
