package org.raktakosh.stability.servlet;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/** Publishes {@value #REJECTED}, the requests a {@link TrustedHostFilter} refused. */
public final class TrustedHostMetrics implements MeterBinder {

  /** Name of the counter. */
  public static final String REJECTED = "stability.hosts.rejected";

  private final TrustedHostFilter filter;
  private final Tags extraTags;

  /** Metrics of {@code filter}. */
  public TrustedHostMetrics(TrustedHostFilter filter) {
    this(filter, Tags.empty());
  }

  /** Metrics of {@code filter} with {@code extraTags} on every meter. */
  public TrustedHostMetrics(TrustedHostFilter filter, Iterable<Tag> extraTags) {
    this.filter = Objects.requireNonNull(filter, "filter");
    this.extraTags = Tags.of(Objects.requireNonNull(extraTags, "extraTags"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder(REJECTED, filter, f -> (double) f.rejected())
        .description("Requests refused for a Host header not in the allowed list")
        .baseUnit("requests")
        .tags(extraTags)
        .register(registry);
  }
}
