package org.raktakosh.stability.servlet;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Publishes the counters of a {@link TimeoutFilter} to Micrometer:
 *
 * <ul>
 *   <li>{@value #TIMEOUTS}: requests that reached their deadline, tagged {@code committed} ({@code
 *       false}: answered with the timeout problem; {@code true}: response already committed, left
 *       as it was);
 *   <li>{@value #STUCK}: requests running now that ignored their interrupt past the stuck
 *       threshold; {@value #STUCK_TOTAL}: all such requests since start.
 * </ul>
 */
public final class TimeoutMetrics implements MeterBinder {

  /** Name of the timeout counter. */
  public static final String TIMEOUTS = "stability.timeouts";

  /** Name of the gauge of requests stuck now. */
  public static final String STUCK = "stability.requests.stuck";

  /** Name of the counter of requests ever stuck. */
  public static final String STUCK_TOTAL = "stability.requests.stuck.total";

  private final TimeoutFilter filter;
  private final Tags extraTags;

  /** Metrics of {@code filter}. */
  public TimeoutMetrics(TimeoutFilter filter) {
    this(filter, Tags.empty());
  }

  /** Metrics of {@code filter} with {@code extraTags} on every meter. */
  public TimeoutMetrics(TimeoutFilter filter, Iterable<Tag> extraTags) {
    this.filter = Objects.requireNonNull(filter, "filter");
    this.extraTags = Tags.of(Objects.requireNonNull(extraTags, "extraTags"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder(TIMEOUTS, filter, f -> (double) (f.timeouts() - f.committedTimeouts()))
        .description("Requests answered with the timeout problem at their deadline")
        .tags(extraTags)
        .tag("committed", "false")
        .register(registry);
    FunctionCounter.builder(TIMEOUTS, filter, f -> (double) f.committedTimeouts())
        .description("Requests whose response was already committed at their deadline")
        .tags(extraTags)
        .tag("committed", "true")
        .register(registry);
    Gauge.builder(STUCK, filter, TimeoutFilter::stuckRequests)
        .description("Requests still running past their deadline plus the stuck threshold")
        .tags(extraTags)
        .strongReference(true)
        .register(registry);
    FunctionCounter.builder(STUCK_TOTAL, filter, f -> (double) f.stuckTotal())
        .description("Requests that were ever counted as stuck")
        .tags(extraTags)
        .register(registry);
  }
}
