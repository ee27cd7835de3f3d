package org.raktakosh.stability.servlet.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that runs tasks at their due time, built for deadlines that are almost always
 * cancelled long before they are due: a request's timeout.
 *
 * <p>Why not a {@link java.util.concurrent.ScheduledThreadPoolExecutor}: it keeps its tasks in a
 * heap under one lock, so every request would take that lock twice (schedule, cancel), allocate a
 * future and sift the heap; profiling the whole stack put that at about a microsecond a request.
 * Here a task is an entry in a concurrent set (no global lock), cancelling removes it, and the
 * thread sleeps until the earliest due time it has seen or, with nothing due, for the shortest
 * delay any task is scheduled with (the {@code horizon}: a task added later cannot be due sooner).
 * Adding a task wakes the thread only when it is due before the thread would wake anyway, which
 * with one timeout for every request does not happen: the thread wakes about once per timeout
 * period, busy or idle, never once per request.
 *
 * <p>Tasks run on the timer thread, one at a time; a task that needs to run again (a retry, a later
 * check) sets a new due time with {@link Task#runAgainAt} before it returns.
 */
public final class DeadlineTimer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DeadlineTimer.class);

  /** A due time meaning "not due": the task stays registered but never runs again. */
  private static final long NEVER = Long.MAX_VALUE;

  private static final Duration MAX_HORIZON = Duration.ofHours(1);

  private final String threadName;
  private final long horizonNanos;

  /**
   * Sized well beyond the requests usually in flight: with a small table every bin shares a cache
   * line or two, and threads adding and removing on different cores would fight over them.
   */
  private final Set<Task> tasks = ConcurrentHashMap.newKeySet(1024);

  /**
   * When the thread will look next; {@link #NEVER} while it scans (or before it first ran), so that
   * any task added meanwhile wakes it.
   */
  private final AtomicLong wakeAt = new AtomicLong(NEVER);

  private volatile Thread thread;
  private volatile boolean closed;

  /**
   * A timer whose thread, started on the first {@link #schedule}, is called {@code threadName}.
   *
   * @param horizon the shortest delay tasks are scheduled with; a task due sooner still runs on
   *     time, but wakes the thread to do so
   * @throws IllegalArgumentException if {@code horizon} is not positive
   */
  public DeadlineTimer(String threadName, Duration horizon) {
    if (horizon.isNegative() || horizon.isZero()) {
      throw new IllegalArgumentException("horizon must be positive but was " + horizon);
    }
    this.threadName = threadName;
    // Beyond an hour the idle wake-up costs nothing anyway, and nanoTime arithmetic stays far from
    // overflow.
    this.horizonNanos =
        horizon.compareTo(MAX_HORIZON) > 0 ? MAX_HORIZON.toNanos() : horizon.toNanos();
  }

  /**
   * Something to run at a due time. Identity is the task's: equal only to itself, with a random
   * hash so that registering it never computes an identity hash.
   */
  public abstract static class Task {
    private final int hash = ThreadLocalRandom.current().nextInt();

    /** Due time in {@link System#nanoTime()} terms, or {@link #NEVER}. */
    private volatile long due = NEVER;

    /** Runs on the timer thread when due; a failure is logged and the task is not run again. */
    protected abstract void run(long now);

    /** From {@link #run}: run once more at {@code nanoTime} (a {@link System#nanoTime()} value). */
    protected final void runAgainAt(long nanoTime) {
      due = nanoTime == NEVER ? NEVER - 1 : nanoTime;
    }

    @Override
    public final int hashCode() {
      return hash;
    }

    @Override
    public final boolean equals(Object other) {
      return this == other;
    }
  }

  /**
   * Runs {@code task} at {@code nanoTime} (a {@link System#nanoTime()} value) unless it is {@link
   * #cancel cancelled} first. Does nothing once the timer is closed.
   */
  public void schedule(Task task, long nanoTime) {
    if (closed) {
      return;
    }
    long due = nanoTime == NEVER ? NEVER - 1 : nanoTime;
    task.due = due;
    tasks.add(task);
    Thread timerThread = thread != null ? thread : start();
    long planned = wakeAt.get();
    while (planned == NEVER || due - planned < 0) {
      if (wakeAt.compareAndSet(planned, due)) {
        LockSupport.unpark(timerThread);
        return;
      }
      planned = wakeAt.get();
    }
  }

  /** Forgets {@code task}: it does not run (again), unless it is running right now. */
  public void cancel(Task task) {
    tasks.remove(task);
  }

  /** Tasks registered and not cancelled, including those that will not run again. */
  public int size() {
    return tasks.size();
  }

  /** Stops the thread; tasks not yet run never run. */
  @Override
  public void close() {
    closed = true;
    Thread timerThread = thread;
    if (timerThread != null) {
      LockSupport.unpark(timerThread);
    }
    tasks.clear();
  }

  private synchronized Thread start() {
    if (thread == null) {
      Thread timerThread = new Thread(this::loop, threadName);
      timerThread.setDaemon(true);
      thread = timerThread;
      timerThread.start();
    }
    return thread;
  }

  private void loop() {
    while (!closed) {
      // From here on, a task added with any due time wakes us: none can be missed by the scan.
      wakeAt.set(NEVER);
      long now = System.nanoTime();
      long next = NEVER;
      for (Task task : tasks) {
        long due = task.due;
        if (due != NEVER && due - now <= 0) {
          task.due = NEVER;
          runSafely(task, now);
          due = task.due;
        }
        if (due != NEVER && (next == NEVER || due - next < 0)) {
          next = due;
        }
      }
      if (next == NEVER || next - (now + horizonNanos) > 0) {
        // Nothing is due sooner, and nothing added from now on can be: no wake-up per request.
        next = now + horizonNanos;
      }
      long planned;
      long target;
      do {
        planned = wakeAt.get();
        target = planned == NEVER || (next != NEVER && next - planned < 0) ? next : planned;
      } while (!wakeAt.compareAndSet(planned, target));
      LockSupport.parkNanos(this, target - System.nanoTime());
    }
  }

  private static void runSafely(Task task, long now) {
    try {
      task.run(now);
    } catch (RuntimeException | Error e) {
      log.error("Timer task {} failed", task, e);
    }
  }
}
