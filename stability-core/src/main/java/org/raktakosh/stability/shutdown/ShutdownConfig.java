package org.raktakosh.stability.shutdown;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of {@link GracefulShutdown}. Immutable; build with {@link #custom()}.
 *
 * <ul>
 *   <li>{@code readinessDelay} (default 0): how long the instance keeps accepting requests after
 *       readiness turned DOWN, so that load balancers and Kubernetes endpoints stop sending it
 *       traffic before it starts refusing. Behind a load balancer use a few seconds (a little more
 *       than the readiness probe's period × failure threshold).
 *   <li>{@code gracePeriod} (default 25 s): how long requests in flight may take to finish once new
 *       ones are refused. The drain ends as soon as none is left.
 *   <li>{@code retryAfter} (default 5 s): the {@code Retry-After} of a refusal during the drain.
 * </ul>
 *
 * <p>The defaults fit Kubernetes' default 30 s {@code terminationGracePeriodSeconds}: 0 + 25 s of
 * drain leaves 5 s to stop background tasks and the container.
 */
public final class ShutdownConfig {

  /** Default readiness delay: none. */
  public static final Duration DEFAULT_READINESS_DELAY = Duration.ZERO;

  /** Default grace period for requests in flight. */
  public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(25);

  /** Default {@code Retry-After} of a refusal. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

  private final Duration readinessDelay;
  private final Duration gracePeriod;
  private final Duration retryAfter;

  private ShutdownConfig(Builder builder) {
    this.readinessDelay = builder.readinessDelay;
    this.gracePeriod = builder.gracePeriod;
    this.retryAfter = builder.retryAfter;
  }

  /** Every default. */
  public static ShutdownConfig ofDefaults() {
    return custom().build();
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Time between readiness DOWN and the first refusal. */
  public Duration readinessDelay() {
    return readinessDelay;
  }

  /** Longest wait for the requests in flight. */
  public Duration gracePeriod() {
    return gracePeriod;
  }

  /** {@code Retry-After} of a refusal. */
  public Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public String toString() {
    return "ShutdownConfig[readinessDelay="
        + readinessDelay
        + ", gracePeriod="
        + gracePeriod
        + ", retryAfter="
        + retryAfter
        + "]";
  }

  /** Builds a {@link ShutdownConfig}. */
  public static final class Builder {
    private Duration readinessDelay = DEFAULT_READINESS_DELAY;
    private Duration gracePeriod = DEFAULT_GRACE_PERIOD;
    private Duration retryAfter = DEFAULT_RETRY_AFTER;

    private Builder() {}

    /** Time between readiness DOWN and the first refusal; zero or more. */
    public Builder readinessDelay(Duration delay) {
      this.readinessDelay = notNegative(delay, "readinessDelay");
      return this;
    }

    /** Longest wait for the requests in flight; zero or more. */
    public Builder gracePeriod(Duration grace) {
      this.gracePeriod = notNegative(grace, "gracePeriod");
      return this;
    }

    /** {@code Retry-After} of a refusal; rounded up to whole seconds, at least 1. */
    public Builder retryAfter(Duration retryAfter) {
      this.retryAfter = notNegative(retryAfter, "retryAfter");
      return this;
    }

    /** The settings. */
    public ShutdownConfig build() {
      return new ShutdownConfig(this);
    }

    private static Duration notNegative(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative: " + value);
      }
      return value;
    }
  }
}
