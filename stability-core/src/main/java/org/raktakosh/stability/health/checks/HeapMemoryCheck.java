package org.raktakosh.stability.health.checks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.raktakosh.stability.health.HealthCheck;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.Status;

/** Heap used against the heap limit; see {@link HealthChecks#heapMemory(double, double)}. */
final class HeapMemoryCheck implements HealthCheck {

  private final Supplier<MemoryUsage> heap;
  private final double degradedFraction;
  private final double downFraction;

  HeapMemoryCheck(double degradedFraction, double downFraction) {
    this(ManagementFactory.getMemoryMXBean()::getHeapMemoryUsage, degradedFraction, downFraction);
  }

  /** Takes the heap figures from {@code heap}, so tests need not fill the real heap. */
  HeapMemoryCheck(Supplier<MemoryUsage> heap, double degradedFraction, double downFraction) {
    this.heap = Objects.requireNonNull(heap, "heap");
    this.degradedFraction = requireFraction(degradedFraction, "degradedFraction");
    this.downFraction = requireFraction(downFraction, "downFraction");
    if (degradedFraction > downFraction) {
      throw new IllegalArgumentException(
          "degradedFraction ("
              + degradedFraction
              + ") must not be greater than downFraction ("
              + downFraction
              + ")");
    }
  }

  @Override
  public HealthResult check() {
    MemoryUsage usage = heap.get();
    long max = usage.getMax();
    // Without a maximum (-1) the committed heap is the most the JVM holds at the moment; it may
    // grow, so the fraction errs on the side of reporting trouble early.
    long limit = max > 0 ? max : usage.getCommitted();
    if (limit <= 0) {
      return HealthResult.builder(Status.UNKNOWN)
          .message("the JVM reports neither a maximum nor a committed heap size")
          .detail("usedBytes", usage.getUsed())
          .build();
    }
    double fraction = (double) usage.getUsed() / limit;
    Status status;
    if (fraction >= downFraction) {
      status = Status.DOWN;
    } else if (fraction >= degradedFraction) {
      status = Status.DEGRADED;
    } else {
      status = Status.UP;
    }
    return HealthResult.builder(status)
        .message(
            String.format(
                Locale.ROOT,
                "heap %.1f%% used (%s at %.0f%%, %s at %.0f%%)",
                fraction * 100,
                Status.DEGRADED,
                degradedFraction * 100,
                Status.DOWN,
                downFraction * 100))
        .detail("usedBytes", usage.getUsed())
        .detail("committedBytes", usage.getCommitted())
        .detail("maxBytes", max)
        .detail("limitBytes", limit)
        .detail("usedFraction", Math.round(fraction * 10_000) / 10_000.0)
        .detail("degradedFraction", degradedFraction)
        .detail("downFraction", downFraction)
        .build();
  }

  private static double requireFraction(double value, String name) {
    // Written so that NaN fails too.
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1]: " + value);
    }
    return value;
  }
}
