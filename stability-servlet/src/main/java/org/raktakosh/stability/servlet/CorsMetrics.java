package org.raktakosh.stability.servlet;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Publishes {@value #REJECTED}, the cross-origin requests a {@link CorsFilter} refused, tagged
 * {@code reason}: {@code origin}, {@code method}, {@code headers} or {@code private-network}. An
 * actual request from a disallowed origin counts as {@code origin} whether it was answered with 403
 * or served without CORS headers.
 */
public final class CorsMetrics implements MeterBinder {

  /** Name of the counter. */
  public static final String REJECTED = "stability.cors.rejected";

  private final CorsFilter filter;
  private final Tags extraTags;

  /** Metrics of {@code filter}. */
  public CorsMetrics(CorsFilter filter) {
    this(filter, Tags.empty());
  }

  /** Metrics of {@code filter} with {@code extraTags} on every meter. */
  public CorsMetrics(CorsFilter filter, Iterable<Tag> extraTags) {
    this.filter = Objects.requireNonNull(filter, "filter");
    this.extraTags = Tags.of(Objects.requireNonNull(extraTags, "extraTags"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (CorsFilter.Rejection reason : CorsFilter.Rejection.values()) {
      FunctionCounter.builder(REJECTED, filter, f -> (double) f.rejected(reason))
          .description("Cross-origin requests refused")
          .baseUnit("requests")
          .tags(extraTags)
          .tag("reason", reason.tag())
          .register(registry);
    }
  }
}
