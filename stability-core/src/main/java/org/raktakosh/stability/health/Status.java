package org.raktakosh.stability.health;

import java.util.Collection;

/**
 * The health of one check, a group or the whole application.
 *
 * <p>Statuses are ordered by severity, {@link #DOWN} &gt; {@link #DEGRADED} &gt; {@link #UNKNOWN}
 * &gt; {@link #UP}; the status of a group is the worst status of its members.
 */
public enum Status {
  /** Working as intended. */
  UP(0, 1.0),
  /** Not known yet, for example before the first background run of a check. */
  UNKNOWN(1, Double.NaN),
  /** Working, with reduced capacity or quality; still answers HTTP 200. */
  DEGRADED(2, 0.5),
  /** Not working; answers HTTP 503. */
  DOWN(3, 0.0);

  private final int severity;
  private final double gaugeValue;

  Status(int severity, double gaugeValue) {
    this.severity = severity;
    this.gaugeValue = gaugeValue;
  }

  /** Whether this status is worse than {@code other}. */
  public boolean isWorseThan(Status other) {
    return severity > other.severity;
  }

  /** The worse of this status and {@code other}. */
  public Status worst(Status other) {
    return other.isWorseThan(this) ? other : this;
  }

  /**
   * The value published by the {@code stability.health.status} gauge: 1 for UP, 0.5 for DEGRADED, 0
   * for DOWN and NaN for UNKNOWN (no sample rather than a misleading one).
   */
  public double gaugeValue() {
    return gaugeValue;
  }

  /** The HTTP status code a health endpoint answers with: 503 for DOWN, 200 otherwise. */
  public int httpStatus() {
    return this == DOWN ? 503 : 200;
  }

  /**
   * The worst of {@code statuses}, independent of their order; {@link #UP} when there are none (an
   * empty group has nothing that is failing).
   */
  public static Status aggregate(Collection<Status> statuses) {
    Status worst = UP;
    for (Status status : statuses) {
      worst = worst.worst(status);
    }
    return worst;
  }
}
