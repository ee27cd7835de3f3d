package org.raktakosh.stability.tasks;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link BackgroundTasks} runs one task: the delay before its first run and an optional timeout
 * per run. Immutable; build with {@link #custom()}.
 */
public final class TaskOptions {

  private static final TaskOptions DEFAULTS = custom().build();

  private final Duration initialDelay;
  private final Duration timeout;

  private TaskOptions(Builder builder) {
    this.initialDelay = builder.initialDelay;
    this.timeout = builder.timeout;
  }

  /** No initial delay, no timeout. */
  public static TaskOptions ofDefaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Delay before the first run; zero by default. */
  public Duration initialDelay() {
    return initialDelay;
  }

  /**
   * Longest one run may take: past it the run is interrupted and counted as a failure; empty (the
   * default) for no limit.
   */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  @Override
  public String toString() {
    return "TaskOptions{initialDelay=" + initialDelay + ", timeout=" + timeout + '}';
  }

  /** Builds {@link TaskOptions}; each setter rejects a bad value at once. */
  public static final class Builder {
    private Duration initialDelay = Duration.ZERO;
    private Duration timeout;

    private Builder() {}

    /**
     * Sets the delay before the first run.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public Builder initialDelay(Duration delay) {
      Objects.requireNonNull(delay, "initialDelay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("initialDelay must not be negative: " + delay);
      }
      this.initialDelay = delay;
      return this;
    }

    /**
     * Sets the longest one run may take.
     *
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** The options. */
    public TaskOptions build() {
      return new TaskOptions(this);
    }
  }
}
