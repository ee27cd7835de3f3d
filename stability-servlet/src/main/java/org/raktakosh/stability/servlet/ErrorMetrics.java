package org.raktakosh.stability.servlet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.raktakosh.stability.problem.Problem;

/**
 * Counts what {@link ErrorRecoveryFilter} does, in Micrometer:
 *
 * <ul>
 *   <li>{@value #ERRORS}: failures answered with a problem, tagged {@code exception} (the class's
 *       simple name, {@code none} for a bodiless {@code sendError}) and {@code status};
 *   <li>{@value #COMMITTED}: failures after the response was committed, tagged {@code exception}.
 * </ul>
 *
 * <p>Add it to the filter with {@link ErrorRecoveryFilter#addListener} and bind it to a registry.
 */
public final class ErrorMetrics implements ErrorListener, MeterBinder {

  /** Name of the counter of answered failures. */
  public static final String ERRORS = "stability.errors";

  /** Name of the counter of failures after commit. */
  public static final String COMMITTED = "stability.errors.committed";

  private final Tags extraTags;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

  /** Metrics without extra tags. */
  public ErrorMetrics() {
    this(Tags.empty());
  }

  /** Metrics with {@code extraTags} on every meter. */
  public ErrorMetrics(Iterable<Tag> extraTags) {
    this.extraTags = Tags.of(Objects.requireNonNull(extraTags, "extraTags"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    registries.add(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public void onProblem(HttpServletRequest request, Problem problem, Throwable error) {
    String exception = error == null ? "none" : name(error);
    for (MeterRegistry registry : registries) {
      Counter.builder(ERRORS)
          .description("Failures answered with a problem response")
          .tags(extraTags)
          .tag("exception", exception)
          .tag("status", Integer.toString(problem.status()))
          .register(registry)
          .increment();
    }
  }

  @Override
  public void onCommitted(HttpServletRequest request, Throwable error) {
    for (MeterRegistry registry : registries) {
      Counter.builder(COMMITTED)
          .description("Failures after the response was committed, which could not be answered")
          .tags(extraTags)
          .tag("exception", name(error))
          .register(registry)
          .increment();
    }
  }

  /** The simple class name; anonymous and local classes have none, so they get the full name. */
  private static String name(Throwable error) {
    String simple = error.getClass().getSimpleName();
    return simple.isEmpty() ? error.getClass().getName() : simple;
  }
}
