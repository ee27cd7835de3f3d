package org.raktakosh.stability.servlet;

import io.github.resilience4j.core.registry.InMemoryRegistryStore;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Publishes a {@link RateLimitFilter} to Micrometer:
 *
 * <ul>
 *   <li>{@value ConcurrencyLimitMetrics#REJECTED} tagged {@code limit=rate}: requests refused with
 *       429;
 *   <li>{@value #KEYS}: keys tracked now by a per-key limit (0 for a global one);
 *   <li>for a global limit, Resilience4j's own gauges {@code
 *       resilience4j.ratelimiter.available.permissions} and {@code
 *       resilience4j.ratelimiter.waiting_threads}, tagged {@code name} with {@link
 *       RateLimitConfig#name()}. Per-key limiters come and go with their keys, so they are not
 *       bound one by one (that would be a meter per client).
 * </ul>
 *
 * <p>Needs {@code io.github.resilience4j:resilience4j-micrometer} on the class path (the Spring
 * Boot starter brings it).
 */
public final class RateLimitMetrics implements MeterBinder {

  /** Name of the gauge of tracked keys. */
  public static final String KEYS = "stability.ratelimit.keys";

  private final RateLimitFilter filter;

  /** Metrics of {@code filter}. */
  public RateLimitMetrics(RateLimitFilter filter) {
    this.filter = Objects.requireNonNull(filter, "filter");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder(ConcurrencyLimitMetrics.REJECTED, filter, f -> (double) f.rejected())
        .description("Requests refused by load shedding")
        .tag("limit", "rate")
        .register(registry);
    Gauge.builder(KEYS, filter, RateLimitFilter::trackedKeys)
        .description("Keys tracked now by the per-key rate limit")
        .register(registry);
    filter
        .globalRateLimiter()
        .ifPresent(
            limiter -> {
              // A one-entry registry over the filter's own limiter: Resilience4j binds registries.
              InMemoryRegistryStore<RateLimiter> store = new InMemoryRegistryStore<>();
              store.putIfAbsent(limiter.getName(), limiter);
              TaggedRateLimiterMetrics.ofRateLimiterRegistry(
                      RateLimiterRegistry.custom().withRegistryStore(store).build())
                  .bindTo(registry);
            });
  }
}
