package org.raktakosh.stability.health;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Publishes a {@link HealthWatchdog} to Micrometer, tagged {@code group} with the watched group:
 *
 * <ul>
 *   <li>{@value #FIRED}, a counter of the times the watchdog fired;
 *   <li>{@value #CONSECUTIVE_FAILURES}, a gauge of the DOWN runs in a row so far.
 * </ul>
 */
public final class HealthWatchdogMetrics implements MeterBinder {

  /** Name of the firing counter. */
  public static final String FIRED = "stability.watchdog.fired";

  /** Name of the gauge of DOWN runs in a row. */
  public static final String CONSECUTIVE_FAILURES = "stability.watchdog.consecutive.failures";

  /** Name of the tag holding the watched group. */
  public static final String GROUP_TAG = "group";

  private final HealthWatchdog watchdog;
  private final Tags extraTags;

  /**
   * A binder for {@code watchdog}.
   *
   * @param watchdog the watchdog
   */
  public HealthWatchdogMetrics(HealthWatchdog watchdog) {
    this(watchdog, Tags.empty());
  }

  /**
   * A binder for {@code watchdog} that adds {@code extraTags} to every meter.
   *
   * @param watchdog the watchdog
   * @param extraTags tags for every meter
   */
  public HealthWatchdogMetrics(HealthWatchdog watchdog, Iterable<Tag> extraTags) {
    this.watchdog = Objects.requireNonNull(watchdog, "watchdog");
    this.extraTags = Tags.of(Objects.requireNonNull(extraTags, "extraTags"));
  }

  @Override
  public void bindTo(MeterRegistry meterRegistry) {
    Tags tags = extraTags.and(GROUP_TAG, watchdog.group());
    FunctionCounter.builder(FIRED, watchdog, HealthWatchdog::firings)
        .tags(tags)
        .description("Times the health watchdog fired after the group stayed DOWN")
        .baseUnit("firings")
        .register(meterRegistry);
    Gauge.builder(CONSECUTIVE_FAILURES, watchdog, HealthWatchdog::consecutiveFailures)
        .tags(tags)
        .description("DOWN runs in a row of the group the health watchdog watches")
        .baseUnit("runs")
        .register(meterRegistry);
  }
}
