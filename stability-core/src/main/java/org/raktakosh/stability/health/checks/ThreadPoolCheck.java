package org.raktakosh.stability.health.checks;

import java.util.Objects;
import java.util.concurrent.ThreadPoolExecutor;
import org.raktakosh.stability.health.HealthCheck;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.Status;

/** Saturation of a thread pool; see {@link HealthChecks#threadPool(ThreadPoolExecutor)}. */
final class ThreadPoolCheck implements HealthCheck {

  private final ThreadPoolExecutor pool;

  ThreadPoolCheck(ThreadPoolExecutor pool) {
    this.pool = Objects.requireNonNull(pool, "pool");
  }

  @Override
  public HealthResult check() {
    // The figures are read one by one while the pool works, so they are a snapshot, not a
    // consistent view; a verdict off by one task for one run is harmless for a health check.
    int active = pool.getActiveCount();
    int max = pool.getMaximumPoolSize();
    int queued = pool.getQueue().size();
    int remaining = pool.getQueue().remainingCapacity();
    Status status;
    String message;
    if (pool.isShutdown()) {
      status = Status.DOWN;
      message = "pool is shut down";
    } else if (active >= max && remaining == 0) {
      status = Status.DOWN;
      message = "saturated: all " + max + " threads busy and the queue is full";
    } else if (active >= max) {
      status = Status.DEGRADED;
      message = "all " + max + " threads busy, " + queued + " tasks queued";
    } else {
      status = Status.UP;
      message = active + " of " + max + " threads busy";
    }
    return HealthResult.builder(status)
        .message(message)
        .detail("activeThreads", active)
        .detail("poolSize", pool.getPoolSize())
        .detail("maxPoolSize", max)
        .detail("queuedTasks", queued)
        .detail("queueRemainingCapacity", remaining)
        .detail("completedTasks", pool.getCompletedTaskCount())
        .build();
  }
}
