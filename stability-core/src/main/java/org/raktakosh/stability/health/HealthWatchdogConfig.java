package org.raktakosh.stability.health;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of a {@link HealthWatchdog}: which group it watches, how often, after how many failed
 * runs in a row it fires, and what it does then. Immutable; build with {@link #custom()}.
 */
public final class HealthWatchdogConfig {

  /** Default watched group: liveness, the checks whose failure a restart mends. */
  public static final String DEFAULT_GROUP = HealthCheckOptions.LIVENESS;

  /** Default number of failed runs in a row that fires the watchdog, as the seed's monitor did. */
  public static final int DEFAULT_FAILURE_THRESHOLD = 3;

  /** Default interval between two runs of the watchdog, the registry's default background one. */
  public static final Duration DEFAULT_INTERVAL = HealthCheckOptions.DEFAULT_BACKGROUND_INTERVAL;

  /**
   * Default exit code when the watchdog exits the JVM: 70, {@code EX_SOFTWARE} of {@code
   * sysexits.h} ("internal software error"). Any non-zero code makes systemd's {@code
   * Restart=on-failure} and Kubernetes' {@code restartPolicy: Always/OnFailure} restart the
   * process.
   */
  public static final int DEFAULT_EXIT_CODE = 70;

  private final String group;
  private final int failureThreshold;
  private final Duration interval;
  private final boolean exit;
  private final int exitCode;
  private final WatchdogCallback callback;

  private HealthWatchdogConfig(Builder builder) {
    this.group = builder.group;
    this.failureThreshold = builder.failureThreshold;
    this.interval = builder.interval;
    this.exit = builder.exit;
    this.exitCode = builder.exitCode;
    this.callback = builder.callback;
  }

  /** Every default: watches liveness every 60 s, fires after 3 failures, logs only. */
  public static HealthWatchdogConfig ofDefaults() {
    return custom().build();
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** The watched group. */
  public String group() {
    return group;
  }

  /** Number of DOWN runs in a row that fires the watchdog. */
  public int failureThreshold() {
    return failureThreshold;
  }

  /** Interval between two runs of the watchdog. */
  public Duration interval() {
    return interval;
  }

  /** Whether firing exits the JVM with {@link #exitCode()}; false by default. */
  public boolean exit() {
    return exit;
  }

  /** Exit code used when {@link #exit()} is on. */
  public int exitCode() {
    return exitCode;
  }

  /** The application's callback, if any. */
  public Optional<WatchdogCallback> callback() {
    return Optional.ofNullable(callback);
  }

  /** Builds {@link HealthWatchdogConfig}; each setter rejects a bad value at once. */
  public static final class Builder {
    private String group = DEFAULT_GROUP;
    private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
    private Duration interval = DEFAULT_INTERVAL;
    private boolean exit;
    private int exitCode = DEFAULT_EXIT_CODE;
    private WatchdogCallback callback;

    private Builder() {}

    /**
     * Sets the watched group.
     *
     * @throws IllegalArgumentException if {@code group} is not lower-case letters, digits and
     *     dashes
     */
    public Builder group(String group) {
      this.group = HealthCheckOptions.requireGroupName(group);
      return this;
    }

    /**
     * Sets how many DOWN runs in a row fire the watchdog.
     *
     * @throws IllegalArgumentException if {@code failures} is less than 1
     */
    public Builder failureThreshold(int failures) {
      if (failures < 1) {
        throw new IllegalArgumentException("failureThreshold must be at least 1: " + failures);
      }
      this.failureThreshold = failures;
      return this;
    }

    /**
     * Sets the interval between two runs.
     *
     * @throws IllegalArgumentException if {@code interval} is zero or negative
     */
    public Builder interval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval must be positive: " + interval);
      }
      this.interval = interval;
      return this;
    }

    /** Sets whether firing exits the JVM (off by default). */
    public Builder exit(boolean exit) {
      this.exit = exit;
      return this;
    }

    /**
     * Sets the exit code used when exiting is on.
     *
     * @throws IllegalArgumentException if {@code code} is not in 1..255 (0 would tell the
     *     supervisor that the process ended well, and it would not restart it)
     */
    public Builder exitCode(int code) {
      if (code < 1 || code > 255) {
        throw new IllegalArgumentException("exitCode must be between 1 and 255: " + code);
      }
      this.exitCode = code;
      return this;
    }

    /** Sets the application's callback, called each time the watchdog fires. */
    public Builder callback(WatchdogCallback callback) {
      this.callback = Objects.requireNonNull(callback, "callback");
      return this;
    }

    /** The configuration. */
    public HealthWatchdogConfig build() {
      return new HealthWatchdogConfig(this);
    }
  }
}
