package org.raktakosh.stability.health.checks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import org.raktakosh.stability.health.HealthCheck;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.Status;

/** DOWN when the JVM finds deadlocked threads; see {@link HealthChecks#deadlockedThreads()}. */
final class DeadlockedThreadsCheck implements HealthCheck {

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  @Override
  public HealthResult check() {
    long[] ids = findDeadlocked();
    if (ids == null || ids.length == 0) {
      return HealthResult.builder(Status.UP).detail("deadlockedThreads", 0).build();
    }
    List<String> names = new ArrayList<>();
    List<String> waits = new ArrayList<>();
    for (ThreadInfo info : threads.getThreadInfo(ids)) {
      // A thread may have died between the two calls; it is then no longer part of the cycle.
      if (info == null) {
        continue;
      }
      names.add(info.getThreadName());
      waits.add(
          info.getThreadName()
              + " waits for "
              + info.getLockName()
              + " held by "
              + info.getLockOwnerName());
    }
    return HealthResult.builder(Status.DOWN)
        .message(names.size() + " deadlocked threads: " + String.join(", ", names))
        .detail("deadlockedThreads", names.size())
        .detail("threads", names)
        .detail("waits", waits)
        .build();
  }

  private long[] findDeadlocked() {
    // findDeadlockedThreads also sees java.util.concurrent locks, which is where most modern code
    // deadlocks; a JVM that cannot track those still finds deadlocks on monitors.
    if (threads.isSynchronizerUsageSupported()) {
      return threads.findDeadlockedThreads();
    }
    return threads.findMonitorDeadlockedThreads();
  }
}
