package org.raktakosh.stability.internal.tasks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.raktakosh.stability.tasks.BackgroundTasks;
import org.raktakosh.stability.tasks.BackgroundTasksConfig;
import org.raktakosh.stability.tasks.ScheduledTask;
import org.raktakosh.stability.tasks.TaskListener;
import org.raktakosh.stability.tasks.TaskOptions;
import org.raktakosh.stability.tasks.TaskRun;
import org.raktakosh.stability.tasks.TaskStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The implementation behind {@link BackgroundTasks#of}.
 *
 * <p>Design. Runs happen on a {@link ScheduledThreadPoolExecutor} of {@code threads} workers, which
 * already guarantees that runs of one periodic task never overlap. Each run is wrapped so that an
 * exception never reaches the executor (which would silently cancel the schedule): it is logged,
 * counted and swallowed. Per-run deadlines live on a separate one-thread timer, so a deadline still
 * fires when every worker is busy with an overrunning task. Each run has its own {@link Run} object
 * holding its thread; the deadline interrupts through that object only while the run is in
 * progress, so a late deadline can never interrupt the next run on the same thread.
 */
public final class DefaultBackgroundTasks implements BackgroundTasks {

  private static final Logger log = LoggerFactory.getLogger(BackgroundTasks.class);

  /**
   * How long stop waits for interrupted tasks to end, so one that ignores interrupts cannot hang.
   */
  private static final Duration INTERRUPT_WAIT = Duration.ofSeconds(1);

  private final BackgroundTasksConfig config;
  private final ScheduledThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor timer;
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  private final List<TaskListener> listeners = new CopyOnWriteArrayList<>();

  /** Guards {@code stopping} and the check-then-schedule in {@link #schedule}. */
  private final Object lifecycle = new Object();

  private boolean stopping;

  /** Completed by the first {@link #stop(Duration)} with its result; later calls wait for it. */
  private final CompletableFuture<Boolean> stopped = new CompletableFuture<>();

  public DefaultBackgroundTasks(BackgroundTasksConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.workers =
        new ScheduledThreadPoolExecutor(
            config.threads(), new NamedThreads(config.threadNamePrefix()));
    // Cancelled tasks leave the queue at once; on shutdown nothing queued starts any more.
    workers.setRemoveOnCancelPolicy(true);
    workers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    workers.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    this.timer =
        new ScheduledThreadPoolExecutor(1, new NamedThreads(config.threadNamePrefix() + "timer-"));
    timer.setRemoveOnCancelPolicy(true);
  }

  @Override
  public ScheduledTask atFixedRate(
      String name, Duration period, TaskOptions options, Runnable task) {
    requirePositive("period", period);
    return schedule(name, Kind.FIXED_RATE, period, options, task);
  }

  @Override
  public ScheduledTask withFixedDelay(
      String name, Duration delay, TaskOptions options, Runnable task) {
    requirePositive("delay", delay);
    return schedule(name, Kind.FIXED_DELAY, delay, options, task);
  }

  @Override
  public ScheduledTask once(String name, TaskOptions options, Runnable task) {
    return schedule(name, Kind.ONCE, null, options, task);
  }

  private ScheduledTask schedule(
      String name, Kind kind, Duration interval, TaskOptions options, Runnable body) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(body, "task");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("task name must not be blank");
    }
    Task task = new Task(name, kind, options, body);
    long delay = options.initialDelay().toNanos();
    synchronized (lifecycle) {
      if (stopping) {
        throw new IllegalStateException(
            "background tasks are stopped; task '" + name + "' not scheduled");
      }
      if (tasks.putIfAbsent(name, task) != null) {
        throw new IllegalArgumentException("a task named '" + name + "' is already scheduled");
      }
      // Listeners hear of the task before its first run can end. Scheduling is under the lock so
      // that stop() cannot shut the executor down between the check and here.
      notifyListeners(l -> l.onScheduled(name));
      switch (kind) {
        case FIXED_RATE:
          task.future =
              workers.scheduleAtFixedRate(
                  task::run, delay, interval.toNanos(), TimeUnit.NANOSECONDS);
          break;
        case FIXED_DELAY:
          task.future =
              workers.scheduleWithFixedDelay(
                  task::run, delay, interval.toNanos(), TimeUnit.NANOSECONDS);
          break;
        default:
          task.future = workers.schedule(task::run, delay, TimeUnit.NANOSECONDS);
          break;
      }
    }
    return task;
  }

  @Override
  public Optional<ScheduledTask> find(String name) {
    return Optional.ofNullable(tasks.get(name));
  }

  @Override
  public Set<String> names() {
    return Collections.unmodifiableSet(new TreeSet<>(tasks.keySet()));
  }

  @Override
  public void addListener(TaskListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    for (String name : tasks.keySet()) {
      guarded(listener, l -> l.onScheduled(name));
    }
  }

  @Override
  public void removeListener(TaskListener listener) {
    listeners.remove(listener);
  }

  @Override
  public boolean stop(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    boolean first;
    synchronized (lifecycle) {
      first = !stopping;
      stopping = true;
    }
    if (!first) {
      return stopped.join();
    }
    boolean clean = false;
    try {
      clean = shutdown(grace);
    } finally {
      timer.shutdownNow();
      List<String> ended = new ArrayList<>(tasks.keySet());
      tasks.clear();
      ended.forEach(name -> notifyListeners(l -> l.onRemoved(name)));
      stopped.complete(clean);
    }
    return clean;
  }

  private boolean shutdown(Duration grace) {
    List<String> running = running();
    log.info(
        "Stopping background tasks: {} scheduled, {} running {}; grace period {} ms",
        tasks.size(),
        running.size(),
        running,
        grace.toMillis());
    // Cancels every queued and periodic run; runs in progress go on.
    workers.shutdown();
    try {
      if (workers.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS)) {
        log.info("Background tasks stopped");
        return true;
      }
      List<String> overrunning = running();
      log.warn(
          "Background tasks still running after the grace period of {} ms, interrupting them: {}",
          grace.toMillis(),
          overrunning);
      workers.shutdownNow();
      if (!workers.awaitTermination(INTERRUPT_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
        log.warn("Background tasks ignored the interrupt and are left running: {}", running());
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private List<String> running() {
    List<String> names = new ArrayList<>();
    for (Task task : tasks.values()) {
      if (task.current != null) {
        names.add(task.name);
      }
    }
    Collections.sort(names);
    return names;
  }

  @Override
  public boolean isStopped() {
    synchronized (lifecycle) {
      return stopping;
    }
  }

  @Override
  public void close() {
    stop(config.stopGrace());
  }

  private void notifyListeners(Consumer<TaskListener> event) {
    for (TaskListener listener : listeners) {
      guarded(listener, event);
    }
  }

  private static void guarded(TaskListener listener, Consumer<TaskListener> event) {
    try {
      event.accept(listener);
    } catch (RuntimeException e) {
      log.warn("Task listener {} threw; ignoring it for this event", listener, e);
    }
  }

  private static void requirePositive(String what, Duration duration) {
    Objects.requireNonNull(duration, what);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + duration);
    }
  }

  private enum Kind {
    FIXED_RATE,
    FIXED_DELAY,
    ONCE
  }

  /** One scheduled task: its schedule, its statistics and the run in progress. */
  private final class Task implements ScheduledTask {
    final String name;
    final Kind kind;
    final TaskOptions options;
    final Runnable body;

    /** Set once, under the lifecycle lock, right after scheduling. */
    volatile ScheduledFuture<?> future;

    /** The run in progress, or null. */
    volatile Run current;

    /** Guarded by {@code this}. */
    private TaskStatistics statistics = TaskStatistics.EMPTY;

    Task(String name, Kind kind, TaskOptions options, Runnable body) {
      this.name = name;
      this.kind = kind;
      this.options = options;
      this.body = body;
    }

    void run() {
      Run run = new Run(Thread.currentThread());
      current = run;
      long start = System.nanoTime();
      ScheduledFuture<?> deadline = scheduleDeadline(run);
      Throwable failure = null;
      try {
        body.run();
      } catch (Exception e) {
        failure = e;
      } catch (Error e) {
        failure = e;
        end(run, deadline, start, failure);
        tasks.remove(name, this);
        log.error("Background task '{}' threw an Error; its schedule ends", name, e);
        notifyListeners(l -> l.onRemoved(name));
        throw e;
      }
      end(run, deadline, start, failure);
      if (kind == Kind.ONCE && tasks.remove(name, this)) {
        notifyListeners(l -> l.onRemoved(name));
      }
    }

    private ScheduledFuture<?> scheduleDeadline(Run run) {
      Optional<Duration> timeout = options.timeout();
      if (timeout.isEmpty()) {
        return null;
      }
      try {
        return timer.schedule(
            () -> run.expire(name, timeout.get()), timeout.get().toNanos(), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        return null; // stopping: the stop's own interrupt bounds the run
      }
    }

    private void end(Run run, ScheduledFuture<?> deadline, long start, Throwable thrown) {
      if (deadline != null) {
        deadline.cancel(false);
      }
      boolean timedOut = run.finish();
      current = null;
      // After finish() no deadline can interrupt this thread for this run; clear a flag that one
      // (or the task itself) left, so the worker starts the next run clean. An interrupt from
      // stop() needs no flag: the pool is shut down and the worker leaves after this run.
      Thread.interrupted();
      Throwable failure = thrown;
      if (timedOut) {
        TimeoutException timeout =
            new TimeoutException(
                "task '"
                    + name
                    + "' overran its timeout of "
                    + options.timeout().map(Duration::toMillis).orElse(0L)
                    + " ms");
        if (thrown != null) {
          timeout.addSuppressed(thrown);
        }
        failure = timeout;
      }
      TaskRun result = new TaskRun(name, Duration.ofNanos(System.nanoTime() - start), failure);
      TaskStatistics now;
      synchronized (this) {
        statistics = statistics.record(result);
        now = statistics;
      }
      if (failure != null && !(failure instanceof Error)) {
        log.warn(
            "Background task '{}' failed ({} of {} runs failed){}",
            name,
            now.failures(),
            now.runs(),
            kind == Kind.ONCE ? "" : "; its schedule goes on",
            failure);
      }
      notifyListeners(l -> l.onRun(result));
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public synchronized TaskStatistics statistics() {
      return statistics;
    }

    @Override
    public boolean cancel() {
      ScheduledFuture<?> scheduled = future;
      boolean removed = tasks.remove(name, this);
      if (scheduled != null) {
        scheduled.cancel(false);
      }
      if (removed) {
        notifyListeners(l -> l.onRemoved(name));
      }
      return removed;
    }

    @Override
    public boolean isDone() {
      return tasks.get(name) != this;
    }

    @Override
    public String toString() {
      return "ScheduledTask{" + name + ", " + kind + '}';
    }
  }

  /** One run of a task on one thread; the deadline interrupts it only while it is in progress. */
  private static final class Run {
    private final Thread thread;

    /** Guarded by {@code this}. */
    private boolean finished;

    /** Guarded by {@code this}. */
    private boolean timedOut;

    Run(Thread thread) {
      this.thread = thread;
    }

    synchronized void expire(String name, Duration timeout) {
      if (finished) {
        return;
      }
      timedOut = true;
      log.warn(
          "Background task '{}' overran its timeout of {} ms; interrupting it",
          name,
          timeout.toMillis());
      thread.interrupt();
    }

    /** Marks the run finished; returns whether its deadline passed first. */
    synchronized boolean finish() {
      finished = true;
      return timedOut;
    }
  }

  /** Daemon threads named {@code prefix + n}, so thread dumps say whose they are. */
  private static final class NamedThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();

    NamedThreads(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable runnable) {
      Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
