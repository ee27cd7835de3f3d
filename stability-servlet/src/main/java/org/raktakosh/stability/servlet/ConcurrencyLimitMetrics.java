package org.raktakosh.stability.servlet;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.core.registry.InMemoryRegistryStore;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Publishes a {@link ConcurrencyLimitFilter} to Micrometer:
 *
 * <ul>
 *   <li>{@value #REJECTED} tagged {@code limit=concurrency}: requests refused with 503 because the
 *       limit was reached;
 *   <li>Resilience4j's own bulkhead gauges, {@code
 *       resilience4j.bulkhead.available.concurrent.calls} and {@code
 *       resilience4j.bulkhead.max.allowed.concurrent.calls}, tagged {@code name} with {@link
 *       ConcurrencyLimitConfig#name()}. In use = max − available.
 * </ul>
 *
 * <p>Needs {@code io.github.resilience4j:resilience4j-micrometer} on the class path (the Spring
 * Boot starter brings it).
 */
public final class ConcurrencyLimitMetrics implements MeterBinder {

  /** Name of the counter of refused requests, shared with {@link RateLimitMetrics}. */
  public static final String REJECTED = "stability.requests.rejected";

  private final ConcurrencyLimitFilter filter;

  /** Metrics of {@code filter}. */
  public ConcurrencyLimitMetrics(ConcurrencyLimitFilter filter) {
    this.filter = Objects.requireNonNull(filter, "filter");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder(REJECTED, filter, f -> (double) f.rejected())
        .description("Requests refused by load shedding")
        .tag("limit", "concurrency")
        .register(registry);
    // Resilience4j binds registries, not instances: a one-entry registry over the filter's own
    // bulkhead gives its binder exactly that bulkhead, with no second instance created.
    InMemoryRegistryStore<Bulkhead> store = new InMemoryRegistryStore<>();
    store.putIfAbsent(filter.bulkhead().getName(), filter.bulkhead());
    TaggedBulkheadMetrics.ofBulkheadRegistry(
            BulkheadRegistry.custom().withRegistryStore(store).build())
        .bindTo(registry);
  }
}
