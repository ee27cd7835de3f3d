package org.raktakosh.stability.servlet;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Publishes the counters of a {@link GzipFilter} to Micrometer:
 *
 * <ul>
 *   <li>{@value #RESPONSES}: responses sent compressed;
 *   <li>{@value #BYTES_IN} / {@value #BYTES_OUT}: bytes the application wrote into compressed
 *       responses, and the bytes sent for them (their ratio is the compression ratio);
 *   <li>{@value #REQUESTS}: request bodies, tagged {@code outcome} ({@code inflated}, {@code
 *       too-large} (413), {@code malformed} (400), {@code unsupported} (415));
 *   <li>{@value #INFLATED_BYTES}: bytes inflated from request bodies;
 *   <li>{@value #DEFLATERS}: deflaters in use now, tagged {@code state} ({@code in-use}, {@code
 *       idle}).
 * </ul>
 */
public final class GzipMetrics implements MeterBinder {

  /** Name of the compressed-response counter. */
  public static final String RESPONSES = "stability.gzip.responses";

  /** Name of the counter of uncompressed bytes written into compressed responses. */
  public static final String BYTES_IN = "stability.gzip.bytes.in";

  /** Name of the counter of compressed bytes sent. */
  public static final String BYTES_OUT = "stability.gzip.bytes.out";

  /** Name of the request-body counter. */
  public static final String REQUESTS = "stability.gzip.requests";

  /** Name of the counter of bytes inflated from request bodies. */
  public static final String INFLATED_BYTES = "stability.gzip.requests.inflated.bytes";

  /** Name of the deflater gauge. */
  public static final String DEFLATERS = "stability.gzip.deflaters";

  private final GzipFilter filter;
  private final Tags extraTags;

  /** Metrics of {@code filter}. */
  public GzipMetrics(GzipFilter filter) {
    this(filter, Tags.empty());
  }

  /** Metrics of {@code filter} with {@code extraTags} on every meter. */
  public GzipMetrics(GzipFilter filter, Iterable<Tag> extraTags) {
    this.filter = Objects.requireNonNull(filter, "filter");
    this.extraTags = Tags.of(Objects.requireNonNull(extraTags, "extraTags"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder(RESPONSES, filter, f -> (double) f.compressedResponses())
        .description("Responses sent gzip-compressed")
        .tags(extraTags)
        .register(registry);
    FunctionCounter.builder(BYTES_IN, filter, f -> (double) f.bytesIn())
        .description("Bytes written by the application into compressed responses")
        .baseUnit(BaseUnits.BYTES)
        .tags(extraTags)
        .register(registry);
    FunctionCounter.builder(BYTES_OUT, filter, f -> (double) f.bytesOut())
        .description("Bytes sent for compressed responses, gzip framing included")
        .baseUnit(BaseUnits.BYTES)
        .tags(extraTags)
        .register(registry);
    requests(registry, "inflated", "Request bodies inflated", filter::inflatedRequests);
    requests(registry, "too-large", "Request bodies refused with 413", filter::tooLargeRequests);
    requests(registry, "malformed", "Request bodies refused with 400", filter::malformedRequests);
    requests(
        registry, "unsupported", "Request bodies refused with 415", filter::unsupportedRequests);
    FunctionCounter.builder(INFLATED_BYTES, filter, f -> (double) f.inflatedBytes())
        .description("Bytes inflated from gzip request bodies")
        .baseUnit(BaseUnits.BYTES)
        .tags(extraTags)
        .register(registry);
    Gauge.builder(DEFLATERS, filter, GzipFilter::deflatersInUse)
        .description("Deflaters held by responses being compressed")
        .tags(extraTags)
        .tag("state", "in-use")
        .strongReference(true)
        .register(registry);
    Gauge.builder(DEFLATERS, filter, GzipFilter::deflatersIdle)
        .description("Deflaters kept idle in the pool")
        .tags(extraTags)
        .tag("state", "idle")
        .strongReference(true)
        .register(registry);
  }

  private void requests(
      MeterRegistry registry,
      String outcome,
      String description,
      java.util.function.LongSupplier count) {
    FunctionCounter.builder(REQUESTS, count, c -> (double) c.getAsLong())
        .description(description)
        .tags(extraTags)
        .tag("outcome", outcome)
        .register(registry);
  }
}
