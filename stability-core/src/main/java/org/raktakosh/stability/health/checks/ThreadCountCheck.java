package org.raktakosh.stability.health.checks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Objects;
import org.raktakosh.stability.health.HealthCheck;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.Status;

/** Live threads against limits; see {@link HealthChecks#threadCount(int, int)}. */
final class ThreadCountCheck implements HealthCheck {

  private final ThreadMXBean threads;
  private final int degradedAt;
  private final int downAt;

  ThreadCountCheck(int degradedAt, int downAt) {
    this(ManagementFactory.getThreadMXBean(), degradedAt, downAt);
  }

  ThreadCountCheck(ThreadMXBean threads, int degradedAt, int downAt) {
    this.threads = Objects.requireNonNull(threads, "threads");
    if (degradedAt < 1) {
      throw new IllegalArgumentException("degradedAt must be at least 1: " + degradedAt);
    }
    if (downAt < degradedAt) {
      throw new IllegalArgumentException(
          "downAt (" + downAt + ") must not be less than degradedAt (" + degradedAt + ")");
    }
    this.degradedAt = degradedAt;
    this.downAt = downAt;
  }

  @Override
  public HealthResult check() {
    int live = threads.getThreadCount();
    Status status = live >= downAt ? Status.DOWN : live >= degradedAt ? Status.DEGRADED : Status.UP;
    return HealthResult.builder(status)
        .message(
            live
                + " live threads ("
                + Status.DEGRADED
                + " at "
                + degradedAt
                + ", "
                + Status.DOWN
                + " at "
                + downAt
                + ")")
        .detail("liveThreads", live)
        .detail("peakThreads", threads.getPeakThreadCount())
        .detail("daemonThreads", threads.getDaemonThreadCount())
        .detail("degradedAt", degradedAt)
        .detail("downAt", downAt)
        .build();
  }
}
