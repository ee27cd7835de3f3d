package org.raktakosh.stability.internal.health;

import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.raktakosh.stability.health.CheckReport;
import org.raktakosh.stability.health.HealthCheck;
import org.raktakosh.stability.health.HealthCheckOptions;
import org.raktakosh.stability.health.HealthListener;
import org.raktakosh.stability.health.HealthRegistry;
import org.raktakosh.stability.health.HealthRegistryConfig;
import org.raktakosh.stability.health.HealthReport;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.HealthStatistics;
import org.raktakosh.stability.health.Status;
import org.raktakosh.stability.health.StatusChange;
import org.raktakosh.stability.tasks.BackgroundTasks;
import org.raktakosh.stability.tasks.ScheduledTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry behind {@link HealthRegistry#of}.
 *
 * <p>Design. Each check has an {@link Entry} holding its last report and, while it runs, the future
 * of that run ({@code inFlight}). A request that finds a run in flight joins it instead of starting
 * another, so fifty simultaneous requests during a slow check cost one run. A run is a task on a
 * bounded thread pool, wrapped in a Resilience4j {@link TimeLimiter} whose timer lives on one
 * shared scheduler thread: when the limit passes, the request gets a DOWN "timed out" result at
 * once and the task is cancelled with an interrupt. Nothing on the request path blocks longer than
 * the longest timeout it asked for. Background checks are triggered from the same scheduler, or
 * from the application's {@link BackgroundTasks} when it gives one; either only hands work to the
 * pool and never runs a check itself.
 */
public final class DefaultHealthRegistry implements HealthRegistry {

  private static final Logger log = LoggerFactory.getLogger(HealthRegistry.class);

  /** Extra time the aggregate waits beyond the longest timeout, for the timer to fire. */
  private static final Duration JOIN_MARGIN = Duration.ofSeconds(1);

  /** Prefix of the names of background-check tasks on {@link BackgroundTasks}. */
  public static final String TASK_PREFIX = "health:";

  private final HealthRegistryConfig config;
  private final Clock clock;
  private final ThreadPoolExecutor executor;
  private final ScheduledExecutorService scheduler;

  /** Where background checks are triggered, or null to trigger them on {@code scheduler}. */
  private final BackgroundTasks tasks;

  private final Map<String, Entry> entries = new ConcurrentSkipListMap<>();
  private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Analytics of whole-application evaluations; guarded by {@code this}. */
  private HealthStatistics statistics = HealthStatistics.EMPTY;

  public DefaultHealthRegistry(HealthRegistryConfig config) {
    this(config, null);
  }

  /**
   * A registry whose background checks are periodic tasks of {@code tasks} (named {@code
   * health:<check>}) when {@code tasks} is not null. The registry does not stop {@code tasks}; it
   * cancels its own tasks when a check is unregistered or the registry is closed.
   */
  public DefaultHealthRegistry(HealthRegistryConfig config, BackgroundTasks tasks) {
    this.config = Objects.requireNonNull(config, "config");
    this.tasks = tasks;
    this.clock = config.clock();
    this.executor =
        new ThreadPoolExecutor(
            config.parallelism(),
            config.parallelism(),
            60,
            TimeUnit.SECONDS,
            new java.util.concurrent.ArrayBlockingQueue<>(config.queueCapacity()),
            new NamedThreadFactory("stability-health-"),
            new ThreadPoolExecutor.AbortPolicy());
    this.executor.allowCoreThreadTimeOut(true);
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("stability-health-timer-"));
    // Cancelled timeouts are removed at once, so the queue holds only live deadlines.
    timer.setRemoveOnCancelPolicy(true);
    this.scheduler = timer;
  }

  @Override
  public void register(String name, HealthCheck check, HealthCheckOptions options) {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(options, "options");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("health check name must not be blank");
    }
    if (closed.get()) {
      throw new IllegalStateException("health registry is closed");
    }
    Entry entry = new Entry(name, check, options);
    if (entries.putIfAbsent(name, entry) != null) {
      throw new IllegalArgumentException(
          "a health check named '" + name + "' is already registered");
    }
    notifyListeners(l -> l.onRegistered(name, options));
    if (started.get()) {
      scheduleBackground(entry);
    }
  }

  @Override
  public Optional<HealthCheckOptions> unregister(String name) {
    Entry entry = entries.remove(name);
    if (entry == null) {
      return Optional.empty();
    }
    entry.cancelBackground();
    notifyListeners(l -> l.onUnregistered(name));
    return Optional.of(entry.options);
  }

  @Override
  public Set<String> names() {
    return Collections.unmodifiableSet(new TreeSet<>(entries.keySet()));
  }

  @Override
  public Set<String> groups() {
    Set<String> groups = new TreeSet<>();
    groups.add(HealthCheckOptions.LIVENESS);
    groups.add(HealthCheckOptions.READINESS);
    groups.addAll(config.groups().keySet());
    for (Entry entry : entries.values()) {
      groups.addAll(entry.options.groups());
    }
    return Collections.unmodifiableSet(groups);
  }

  @Override
  public void start() {
    List<String> problems = new ArrayList<>();
    config
        .groups()
        .forEach(
            (group, members) -> {
              for (String member : members) {
                if (!entries.containsKey(member)) {
                  problems.add("group '" + group + "' includes unknown check '" + member + "'");
                }
              }
            });
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          String.join("; ", problems) + " (registered checks: " + names() + ")");
    }
    if (started.compareAndSet(false, true)) {
      entries.values().forEach(this::scheduleBackground);
    }
  }

  @Override
  public HealthReport evaluate() {
    long start = System.nanoTime();
    HealthReport report = evaluate(null, new ArrayList<>(entries.values()));
    HealthStatistics whole = recordWhole(report, Duration.ofNanos(System.nanoTime() - start));
    return new HealthReport(
        null,
        report.status(),
        report.timestamp(),
        report.processStart(),
        report.uptime(),
        report.checks(),
        whole);
  }

  @Override
  public Optional<HealthReport> evaluateGroup(String group) {
    if (!groups().contains(group)) {
      return Optional.empty();
    }
    return Optional.of(evaluate(group, members(group)));
  }

  @Override
  public Optional<CheckReport> lastReport(String name) {
    Entry entry = entries.get(name);
    return entry == null ? Optional.empty() : Optional.of(entry.currentReport());
  }

  @Override
  public synchronized HealthStatistics statistics() {
    return statistics;
  }

  @Override
  public Instant processStart() {
    return config.processStart();
  }

  @Override
  public Duration uptime() {
    Duration uptime = Duration.between(config.processStart(), clock.instant());
    return uptime.isNegative() ? Duration.ZERO : uptime;
  }

  @Override
  public void addListener(HealthListener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    for (Entry entry : entries.values()) {
      guarded(listener, l -> l.onRegistered(entry.name, entry.options));
    }
  }

  @Override
  public void removeListener(HealthListener listener) {
    listeners.remove(listener);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      entries.values().forEach(Entry::cancelBackground);
      scheduler.shutdownNow();
      executor.shutdownNow();
    }
  }

  private List<Entry> members(String group) {
    Set<String> listed = config.groups().getOrDefault(group, Set.of());
    List<Entry> members = new ArrayList<>();
    boolean claimed = !listed.isEmpty();
    for (Entry entry : entries.values()) {
      if (listed.contains(entry.name) || entry.options.groups().contains(group)) {
        members.add(entry);
        claimed |= !entry.options.readinessGate();
      }
    }
    if (!claimed && HealthCheckOptions.READINESS.equals(group)) {
      // Nobody defined readiness (a gate such as the shutdown's does not): ready means every
      // check is fine, gates included.
      return new ArrayList<>(entries.values());
    }
    return members;
  }

  private HealthReport evaluate(String group, List<Entry> selected) {
    Map<String, CompletableFuture<CheckReport>> pending = new LinkedHashMap<>();
    Duration longest = Duration.ZERO;
    for (Entry entry : selected) {
      pending.put(entry.name, entry.report());
      if (entry.options.timeout().compareTo(longest) > 0) {
        longest = entry.options.timeout();
      }
    }
    Map<String, CheckReport> reports = new LinkedHashMap<>();
    long deadline = System.nanoTime() + longest.plus(JOIN_MARGIN).toNanos();
    List<Status> statuses = new ArrayList<>();
    // Criticality shapes the verdicts that drive routing and restarts (the whole, liveness,
    // readiness). A named group is a view someone asked for on purpose, e.g. the backup monitor
    // at /backup-health: it reports its members as they are.
    boolean criticalityApplies =
        group == null
            || HealthCheckOptions.LIVENESS.equals(group)
            || HealthCheckOptions.READINESS.equals(group);
    for (Map.Entry<String, CompletableFuture<CheckReport>> item : pending.entrySet()) {
      CheckReport report = await(item.getKey(), item.getValue(), deadline);
      Entry entry = entries.get(item.getKey());
      if (entry != null) {
        report = report.withStatistics(entry.statistics());
      }
      reports.put(item.getKey(), report);
      statuses.add(criticalityApplies ? report.aggregateStatus() : report.status());
    }
    Instant now = clock.instant();
    return new HealthReport(
        group,
        Status.aggregate(statuses),
        OffsetDateTime.ofInstant(now, clock.getZone()),
        config.processStart(),
        uptime(),
        reports,
        statistics());
  }

  private CheckReport await(String name, CompletableFuture<CheckReport> future, long deadline) {
    long remaining = deadline - System.nanoTime();
    try {
      return future.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return placeholder(name, HealthResult.unknown("evaluation interrupted"));
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // Runs complete their future on every path; this is a safety net, not a normal outcome.
      return placeholder(name, HealthResult.down(e));
    }
  }

  private CheckReport placeholder(String name, HealthResult result) {
    Entry entry = entries.get(name);
    boolean critical = entry == null || entry.options.critical();
    Set<String> groups = entry == null ? Set.of() : entry.options.groups();
    return new CheckReport(
        name, result, Duration.ZERO, null, critical, groups, HealthStatistics.EMPTY);
  }

  private synchronized HealthStatistics recordWhole(HealthReport report, Duration took) {
    HealthResult whole =
        report.status() == Status.DOWN
            ? HealthResult.down(failingChecks(report))
            : HealthResult.builder(report.status()).build();
    statistics = statistics.record(whole, report.timestamp().toInstant(), took);
    return statistics;
  }

  private static String failingChecks(HealthReport report) {
    List<String> failing = new ArrayList<>();
    report
        .checks()
        .forEach(
            (name, check) -> {
              if (check.aggregateStatus() == Status.DOWN) {
                failing.add(name);
              }
            });
    return "DOWN: " + String.join(", ", failing);
  }

  private void scheduleBackground(Entry entry) {
    entry
        .options
        .backgroundInterval()
        .ifPresent(
            interval -> {
              try {
                if (tasks != null) {
                  // The task only hands the run to the pool, so it holds a task thread briefly.
                  ScheduledTask task =
                      tasks.atFixedRate(TASK_PREFIX + entry.name, interval, entry::runShared);
                  entry.background = task::cancel;
                } else {
                  ScheduledFuture<?> future =
                      scheduler.scheduleAtFixedRate(
                          entry::runShared, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
                  entry.background = () -> future.cancel(false);
                }
              } catch (RejectedExecutionException | IllegalStateException e) {
                log.debug(
                    "Health registry or background tasks stopped; background run of '{}' not"
                        + " scheduled",
                    entry.name);
              }
            });
  }

  private void notifyListeners(Consumer<HealthListener> event) {
    for (HealthListener listener : listeners) {
      guarded(listener, event);
    }
  }

  private static void guarded(HealthListener listener, Consumer<HealthListener> event) {
    try {
      event.accept(listener);
    } catch (RuntimeException e) {
      log.warn("Health listener {} threw; ignoring it for this event", listener, e);
    }
  }

  private static String describe(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 1000 == 0 && millis > 0) {
      return (millis / 1000) + " s";
    }
    return millis + " ms";
  }

  /** One registered check, its last report and its run in flight. */
  private final class Entry {
    final String name;
    final HealthCheck check;
    final HealthCheckOptions options;
    final TimeLimiter limiter;
    final Duration slowThreshold;

    /** The run in progress, shared by every caller that arrives while it runs. */
    final AtomicReference<CompletableFuture<CheckReport>> inFlight = new AtomicReference<>();

    /** The last completed run, or null before the first. */
    volatile CheckReport last;

    /** Analytics; guarded by {@code this}. */
    private HealthStatistics statistics = HealthStatistics.EMPTY;

    /** Cancels the background schedule, or null when there is none. */
    volatile Runnable background;

    Entry(String name, HealthCheck check, HealthCheckOptions options) {
      this.name = name;
      this.check = check;
      this.options = options;
      this.limiter =
          TimeLimiter.of(
              "health-" + name,
              TimeLimiterConfig.custom()
                  .timeoutDuration(options.timeout())
                  .cancelRunningFuture(true)
                  .build());
      this.slowThreshold = config.slowThresholdFor(options.timeout());
    }

    synchronized HealthStatistics statistics() {
      return statistics;
    }

    /** The report a request gets: background result, fresh cached result, or a (shared) run. */
    CompletableFuture<CheckReport> report() {
      if (options.backgroundInterval().isPresent()) {
        return CompletableFuture.completedFuture(currentReport());
      }
      CheckReport cached = last;
      if (cached != null && isFresh(cached)) {
        return CompletableFuture.completedFuture(cached);
      }
      return runShared();
    }

    CheckReport currentReport() {
      CheckReport cached = last;
      if (cached != null) {
        return cached.withStatistics(statistics());
      }
      String message =
          options
              .backgroundInterval()
              .map(i -> "not checked yet: first background run pending (every " + describe(i) + ")")
              .orElse("not checked yet");
      return new CheckReport(
          name,
          HealthResult.unknown(message),
          Duration.ZERO,
          null,
          options.critical(),
          options.groups(),
          statistics());
    }

    private boolean isFresh(CheckReport report) {
      Duration ttl = options.cacheTtl();
      if (ttl.isZero() || report.checkedAt() == null) {
        return false;
      }
      Duration age = Duration.between(report.checkedAt().toInstant(), clock.instant());
      return age.compareTo(ttl) < 0;
    }

    CompletableFuture<CheckReport> runShared() {
      while (true) {
        CompletableFuture<CheckReport> current = inFlight.get();
        if (current != null) {
          return current;
        }
        CompletableFuture<CheckReport> mine = new CompletableFuture<>();
        if (inFlight.compareAndSet(null, mine)) {
          start(mine);
          return mine;
        }
      }
    }

    private void start(CompletableFuture<CheckReport> promise) {
      long startNanos = System.nanoTime();
      RunTask task = new RunTask(this);
      try {
        executor.execute(task);
      } catch (RejectedExecutionException e) {
        finish(
            promise,
            HealthResult.down(
                closed.get()
                    ? "health registry is closed"
                    : "not run: all "
                        + config.parallelism()
                        + " health threads are busy and the queue is full"),
            startNanos);
        return;
      }
      limiter
          .executeCompletionStage(scheduler, () -> task.result)
          .whenComplete(
              (result, failure) -> {
                HealthResult outcome;
                if (failure == null) {
                  outcome = result;
                } else if (unwrap(failure) instanceof TimeoutException) {
                  task.cancel(true);
                  outcome = HealthResult.down("timed out after " + describe(options.timeout()));
                } else {
                  outcome = HealthResult.down(unwrap(failure));
                }
                finish(promise, outcome, startNanos);
              });
    }

    private void finish(CompletableFuture<CheckReport> promise, HealthResult result, long start) {
      Duration duration = Duration.ofNanos(System.nanoTime() - start);
      Instant end = clock.instant();
      CheckReport previous = last;
      HealthStatistics stats;
      synchronized (this) {
        statistics = statistics.record(result, end, duration);
        stats = statistics;
      }
      CheckReport report =
          new CheckReport(
              name,
              result,
              duration,
              OffsetDateTime.ofInstant(end, clock.getZone()),
              options.critical(),
              options.groups(),
              stats);
      last = report;
      inFlight.set(null);
      logRun(report, previous);
      // Listeners hear the run before anyone waiting on it is released, so that once a request
      // has its answer, metrics and watchers already reflect it.
      notifyListeners(l -> l.onRun(report));
      Status before = previous == null ? Status.UNKNOWN : previous.status();
      if (before != result.status()) {
        StatusChange change = new StatusChange(name, before, result.status(), result, end);
        notifyListeners(l -> l.onStatusChange(change));
      }
      promise.complete(report);
    }

    private void logRun(CheckReport report, CheckReport previous) {
      if (report.duration().compareTo(slowThreshold) > 0) {
        log.warn(
            "Health check '{}' took {} ms (slow threshold {} ms, timeout {} ms)",
            name,
            report.duration().toMillis(),
            slowThreshold.toMillis(),
            options.timeout().toMillis());
      }
      Status before = previous == null ? Status.UNKNOWN : previous.status();
      if (before != report.status() && (previous != null || report.status() != Status.UP)) {
        String reason = report.result().message().orElse(null);
        if (reason == null) {
          reason = report.result().error().map(e -> e.getClass().getName()).orElse("");
        }
        log.info("Health check '{}' is {} (was {}) {}", name, report.status(), before, reason);
      }
      report.result().error().ifPresent(e -> log.debug("Health check '{}' failed", name, e));
    }

    void cancelBackground() {
      Runnable cancel = background;
      if (cancel != null) {
        cancel.run();
      }
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** Runs one check on a pool thread; cancellable with an interrupt. */
  private static final class RunTask implements Runnable {
    private final Entry entry;
    final CompletableFuture<HealthResult> result = new CompletableFuture<>();

    /** The thread running the check, or null; guarded by {@code this}. */
    private Thread runner;

    RunTask(Entry entry) {
      this.entry = entry;
    }

    @Override
    public void run() {
      synchronized (this) {
        if (result.isDone()) {
          return; // timed out while queued
        }
        runner = Thread.currentThread();
      }
      try {
        HealthResult outcome = entry.check.check();
        result.complete(
            outcome != null ? outcome : HealthResult.down("health check returned no result"));
      } catch (Exception e) {
        result.complete(HealthResult.down(e));
      } catch (Error e) {
        result.complete(HealthResult.down(e));
        throw e;
      } finally {
        // cancel() interrupts only while holding the lock and while runner is set, so once this
        // block has run no interrupt can reach the thread for this task; clearing the flag after
        // it leaves the pool thread clean for the next check.
        synchronized (this) {
          runner = null;
        }
        Thread.interrupted();
      }
    }

    synchronized void cancel(boolean interrupt) {
      result.cancel(false);
      if (interrupt && runner != null) {
        runner.interrupt();
      }
    }
  }
}
