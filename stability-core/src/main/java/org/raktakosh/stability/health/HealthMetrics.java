package org.raktakosh.stability.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes the checks of a {@link HealthRegistry} to Micrometer:
 *
 * <ul>
 *   <li>{@value #STATUS}, a gauge per check (tag {@code check}) with the {@link
 *       Status#gaugeValue()} of its last result: 1 UP, 0.5 DEGRADED, 0 DOWN, NaN while UNKNOWN;
 *   <li>{@value #DURATION}, a timer per check (tag {@code check}) of how long each run took.
 * </ul>
 *
 * <p>The binder follows the registry through a {@link HealthListener}: a check registered after
 * binding gets its meters, and an unregistered check's meters are removed from the meter registry.
 * Binding does not run any check; the gauge reads the last known result.
 */
public final class HealthMetrics implements MeterBinder {

  /** Name of the status gauge. */
  public static final String STATUS = "stability.health.status";

  /** Name of the run-duration timer. */
  public static final String DURATION = "stability.health.check.duration";

  /** Name of the tag holding the check's name. */
  public static final String CHECK_TAG = "check";

  private final HealthRegistry registry;
  private final Tags extraTags;

  /**
   * A binder for the checks of {@code registry}.
   *
   * @param registry the health registry
   */
  public HealthMetrics(HealthRegistry registry) {
    this(registry, Tags.empty());
  }

  /**
   * A binder for the checks of {@code registry} that adds {@code extraTags} to every meter.
   *
   * @param registry the health registry
   * @param extraTags tags for every meter, e.g. the application's name
   */
  public HealthMetrics(HealthRegistry registry, Iterable<Tag> extraTags) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.extraTags = Tags.of(Objects.requireNonNull(extraTags, "extraTags"));
  }

  /**
   * Registers the meters of the checks registered now and a listener that keeps them in step with
   * the registry. Binding to several meter registries is allowed; each has its own meters.
   *
   * @param meterRegistry where to register the meters
   */
  @Override
  public void bindTo(MeterRegistry meterRegistry) {
    Objects.requireNonNull(meterRegistry, "meterRegistry");
    // addListener replays onRegistered for the checks already there.
    registry.addListener(new Binding(meterRegistry));
  }

  /** The meters of one check in one meter registry. */
  private record CheckMeters(Gauge status, Timer duration) {}

  /** Keeps one meter registry in step with the health registry. */
  private final class Binding implements HealthListener {
    private final MeterRegistry meterRegistry;

    /**
     * Meters by check name. A check is in the map exactly while it is registered; onRun checks
     * membership so that a run finishing after its check was unregistered does not bring the timer
     * back.
     */
    private final Map<String, CheckMeters> meters = new ConcurrentHashMap<>();

    Binding(MeterRegistry meterRegistry) {
      this.meterRegistry = meterRegistry;
    }

    @Override
    public void onRegistered(String name, HealthCheckOptions options) {
      meters.computeIfAbsent(name, this::register);
    }

    @Override
    public void onUnregistered(String name) {
      CheckMeters removed = meters.remove(name);
      if (removed != null) {
        meterRegistry.remove(removed.status());
        meterRegistry.remove(removed.duration());
      }
    }

    @Override
    public void onRun(CheckReport report) {
      CheckMeters checkMeters = meters.get(report.name());
      if (checkMeters != null) {
        checkMeters.duration().record(report.duration());
      }
    }

    private CheckMeters register(String name) {
      Tags tags = extraTags.and(CHECK_TAG, name);
      Gauge status =
          Gauge.builder(STATUS, () -> statusValue(name))
              .tags(tags)
              .description(
                  "Status of the health check's last run: 1 UP, 0.5 DEGRADED, 0 DOWN, NaN UNKNOWN")
              // The supplier is referenced only by the gauge; a weak reference would let it be
              // collected and the gauge turn NaN.
              .strongReference(true)
              .register(meterRegistry);
      Timer duration =
          Timer.builder(DURATION)
              .tags(tags)
              .description("Time one run of the health check took, timeouts included")
              .register(meterRegistry);
      return new CheckMeters(status, duration);
    }

    private double statusValue(String name) {
      return registry.lastReport(name).map(r -> r.status().gaugeValue()).orElse(Double.NaN);
    }
  }
}
