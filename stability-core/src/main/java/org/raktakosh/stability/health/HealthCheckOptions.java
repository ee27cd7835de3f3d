package org.raktakosh.stability.health;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the registry runs one check: its timeout, the groups it belongs to, whether its failure takes
 * the application DOWN, how long a result may be reused, and whether it runs in the background.
 * Immutable; build with {@link #custom()} or start from {@link #ofDefaults()}.
 *
 * <p>A check runs either <em>on demand</em> (the default: an endpoint request runs it, reusing a
 * result younger than {@link #cacheTtl()} and sharing a run already in progress) or <em>in the
 * background</em> every {@link #backgroundInterval()}, in which case requests only read the latest
 * result and see {@link Status#UNKNOWN} until the first run ends.
 */
public final class HealthCheckOptions {

  /** Default timeout of one run of a check. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Default interval of background runs: every 60 s, as the seed's monitor did. */
  public static final Duration DEFAULT_BACKGROUND_INTERVAL = Duration.ofSeconds(60);

  /** Name of the liveness group: checks that say whether the process should be restarted. */
  public static final String LIVENESS = "liveness";

  /** Name of the readiness group: checks that say whether the instance may take traffic. */
  public static final String READINESS = "readiness";

  private static final Pattern GROUP_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final HealthCheckOptions DEFAULTS = custom().build();

  private final Duration timeout;
  private final Set<String> groups;
  private final boolean critical;
  private final Duration cacheTtl;
  private final Duration backgroundInterval;
  private final boolean readinessGate;

  private HealthCheckOptions(Builder builder) {
    this.timeout = builder.timeout;
    this.groups = Collections.unmodifiableSet(new LinkedHashSet<>(builder.groups));
    this.critical = builder.critical;
    this.cacheTtl = builder.cacheTtl;
    this.backgroundInterval = builder.backgroundInterval;
    this.readinessGate = builder.readinessGate;
  }

  /** Options with every default: 10 s timeout, no groups, critical, no cache, on demand. */
  public static HealthCheckOptions ofDefaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}. */
  public static Builder from(HealthCheckOptions base) {
    Builder builder = new Builder();
    builder.timeout = base.timeout;
    builder.groups.addAll(base.groups);
    builder.critical = base.critical;
    builder.cacheTtl = base.cacheTtl;
    builder.backgroundInterval = base.backgroundInterval;
    builder.readinessGate = base.readinessGate;
    return builder;
  }

  /** The longest one run may take before it is reported DOWN and cancelled. */
  public Duration timeout() {
    return timeout;
  }

  /** The groups this check belongs to, besides the whole (unmodifiable). */
  public Set<String> groups() {
    return groups;
  }

  /**
   * Whether a failure of this check makes the application, liveness and readiness DOWN; a
   * non-critical failing check only makes them DEGRADED. Other groups report it as it is.
   */
  public boolean critical() {
    return critical;
  }

  /** How long an on-demand result is reused; {@link Duration#ZERO} runs it on every request. */
  public Duration cacheTtl() {
    return cacheTtl;
  }

  /** The interval of background runs, or empty if the check runs on demand. */
  public Optional<Duration> backgroundInterval() {
    return Optional.ofNullable(backgroundInterval);
  }

  /**
   * Whether the check is a readiness gate (see {@link Builder#readinessGate()}): in readiness
   * without making readiness its own.
   */
  public boolean readinessGate() {
    return readinessGate;
  }

  @Override
  public String toString() {
    return "HealthCheckOptions{timeout="
        + timeout
        + ", groups="
        + groups
        + ", critical="
        + critical
        + ", cacheTtl="
        + cacheTtl
        + ", backgroundInterval="
        + backgroundInterval
        + (readinessGate ? ", readinessGate" : "")
        + '}';
  }

  /** Checks that {@code name} is a valid group name (lower-case letters, digits, dashes). */
  static String requireGroupName(String name) {
    Objects.requireNonNull(name, "group");
    if (!GROUP_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "group name must be lower-case letters, digits and '-', starting with a letter or digit: '"
              + name
              + "'");
    }
    return name;
  }

  /** Builds {@link HealthCheckOptions}; each setter rejects a bad value at once. */
  public static final class Builder {
    private Duration timeout = DEFAULT_TIMEOUT;
    private final Set<String> groups = new LinkedHashSet<>();
    private boolean critical = true;
    private Duration cacheTtl = Duration.ZERO;
    private Duration backgroundInterval;
    private boolean readinessGate;

    private Builder() {}

    /**
     * Sets the timeout of one run.
     *
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Builder timeout(Duration timeout) {
      this.timeout = requirePositive(timeout, "timeout");
      return this;
    }

    /**
     * Adds the check to groups, e.g. {@code "liveness"}, {@code "readiness"} or {@code "backup"}.
     *
     * @throws IllegalArgumentException if a name is not lower-case letters, digits and dashes
     */
    public Builder groups(String... groups) {
      for (String group : groups) {
        this.groups.add(requireGroupName(group));
      }
      return this;
    }

    /** Sets whether a failure takes aggregates DOWN (true, the default) or DEGRADED (false). */
    public Builder critical(boolean critical) {
      this.critical = critical;
      return this;
    }

    /**
     * Sets how long an on-demand result is reused.
     *
     * @throws IllegalArgumentException if {@code ttl} is negative
     */
    public Builder cacheTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "cacheTtl");
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("cacheTtl must be zero or positive: " + ttl);
      }
      this.cacheTtl = ttl;
      return this;
    }

    /** Runs the check in the background every {@link #DEFAULT_BACKGROUND_INTERVAL}. */
    public Builder background() {
      return background(DEFAULT_BACKGROUND_INTERVAL);
    }

    /**
     * Runs the check in the background every {@code interval}; {@code null} or zero means on
     * demand.
     *
     * @throws IllegalArgumentException if {@code interval} is negative
     */
    public Builder background(Duration interval) {
      if (interval == null || interval.isZero()) {
        this.backgroundInterval = null;
        return this;
      }
      this.backgroundInterval = requirePositive(interval, "backgroundInterval");
      return this;
    }

    /**
     * Makes the check a readiness gate, such as the shutdown's: it joins {@code readiness} without
     * taking readiness over. Readiness holds every check while no check joins it; a gate does not
     * count as joining, so adding one keeps that default and only adds its own verdict.
     */
    public Builder readinessGate() {
      this.readinessGate = true;
      this.groups.add(READINESS);
      return this;
    }

    /** The options. */
    public HealthCheckOptions build() {
      return new HealthCheckOptions(this);
    }

    private static Duration requirePositive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
      return value;
    }
  }
}
