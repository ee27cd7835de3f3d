package org.raktakosh.stability.health;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of a {@link HealthRegistry}: how many checks run at once, when a run counts as slow, the
 * clock, and groups defined by listing their checks. Immutable; build with {@link #custom()}.
 */
public final class HealthRegistryConfig {

  /** Default number of checks that run at the same time. */
  public static final int DEFAULT_PARALLELISM = 8;

  /** Default number of runs that may wait for a free thread before new runs are refused. */
  public static final int DEFAULT_QUEUE_CAPACITY = 256;

  /** Default duration above which a run logs a WARN. */
  public static final Duration DEFAULT_SLOW_THRESHOLD = Duration.ofSeconds(10);

  /**
   * Share of a check's timeout above which a run counts as slow when that is less than the slow
   * threshold, so that a check with a short timeout warns before it times out.
   */
  public static final double SLOW_SHARE_OF_TIMEOUT = 0.8;

  private final int parallelism;
  private final int queueCapacity;
  private final Duration slowThreshold;
  private final Clock clock;
  private final Instant processStart;
  private final Map<String, Set<String>> groups;

  private HealthRegistryConfig(Builder builder) {
    this.parallelism = builder.parallelism;
    this.queueCapacity = builder.queueCapacity;
    this.slowThreshold = builder.slowThreshold;
    this.clock = builder.clock;
    this.processStart =
        builder.processStart != null
            ? builder.processStart
            : Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    builder.groups.forEach(
        (name, members) ->
            copy.put(name, Collections.unmodifiableSet(new LinkedHashSet<>(members))));
    this.groups = Collections.unmodifiableMap(copy);
  }

  /** Every default: 8 threads, a queue of 256, a 10 s slow threshold, the system clock. */
  public static HealthRegistryConfig ofDefaults() {
    return custom().build();
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Number of checks that run at the same time. */
  public int parallelism() {
    return parallelism;
  }

  /** Number of runs that may wait for a thread; beyond it a run is reported DOWN at once. */
  public int queueCapacity() {
    return queueCapacity;
  }

  /** Duration above which a run logs a WARN (lowered per check below its timeout). */
  public Duration slowThreshold() {
    return slowThreshold;
  }

  /**
   * The slow threshold for a check with {@code timeout}: below the timeout, at most the default.
   */
  public Duration slowThresholdFor(Duration timeout) {
    Duration share = Duration.ofNanos((long) (timeout.toNanos() * SLOW_SHARE_OF_TIMEOUT));
    return share.compareTo(slowThreshold) < 0 ? share : slowThreshold;
  }

  /** The clock for timestamps, cache expiry and uptime. */
  public Clock clock() {
    return clock;
  }

  /** When the process started (by default the JVM's start time). */
  public Instant processStart() {
    return processStart;
  }

  /** Groups defined by listing checks, by group name (unmodifiable). */
  public Map<String, Set<String>> groups() {
    return groups;
  }

  /** Builds {@link HealthRegistryConfig}; each setter rejects a bad value at once. */
  public static final class Builder {
    private int parallelism = DEFAULT_PARALLELISM;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private Duration slowThreshold = DEFAULT_SLOW_THRESHOLD;
    private Clock clock = Clock.systemDefaultZone();
    private Instant processStart;
    private final Map<String, Set<String>> groups = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets how many checks run at the same time.
     *
     * @throws IllegalArgumentException if {@code parallelism} is less than 1
     */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /**
     * Sets how many runs may wait for a thread.
     *
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("queueCapacity must be at least 1: " + capacity);
      }
      this.queueCapacity = capacity;
      return this;
    }

    /**
     * Sets the duration above which a run logs a WARN.
     *
     * @throws IllegalArgumentException if {@code threshold} is zero or negative
     */
    public Builder slowThreshold(Duration threshold) {
      Objects.requireNonNull(threshold, "slowThreshold");
      if (threshold.isNegative() || threshold.isZero()) {
        throw new IllegalArgumentException("slowThreshold must be positive: " + threshold);
      }
      this.slowThreshold = threshold;
      return this;
    }

    /** Sets the clock (tests pass a clock they move). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the process start reported as the start of uptime. */
    public Builder processStart(Instant processStart) {
      this.processStart = Objects.requireNonNull(processStart, "processStart");
      return this;
    }

    /**
     * Defines a group by listing its checks, in addition to checks that name the group in their
     * options. The registry's {@link HealthRegistry#start()} fails if a listed check is unknown.
     *
     * @throws IllegalArgumentException if the group name is not lower-case letters, digits and
     *     dashes, or a check name is blank
     */
    public Builder group(String name, List<String> checks) {
      HealthCheckOptions.requireGroupName(name);
      Set<String> members = groups.computeIfAbsent(name, k -> new LinkedHashSet<>());
      for (String check : checks) {
        if (check == null || check.isBlank()) {
          throw new IllegalArgumentException("group '" + name + "' lists a blank check name");
        }
        members.add(check.trim());
      }
      return this;
    }

    /** The configuration. */
    public HealthRegistryConfig build() {
      return new HealthRegistryConfig(this);
    }
  }
}
