package org.raktakosh.stability.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.raktakosh.stability.tasks.BackgroundTasks;
import org.raktakosh.stability.tasks.ScheduledTask;
import org.raktakosh.stability.tasks.TaskOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one health group (by default {@code liveness}) and acts when it stays DOWN: after {@link
 * HealthWatchdogConfig#failureThreshold()} DOWN runs in a row (default 3) it fires once, which logs
 * at ERROR, counts the firing, calls the application's {@link WatchdogCallback} if there is one,
 * and, only if configured, exits the JVM with {@link HealthWatchdogConfig#exitCode()} so that the
 * supervisor (systemd, Kubernetes, a process manager) restarts it.
 *
 * <p>A run is one {@link #check()}: the group is evaluated as {@code /health/live} would evaluate
 * it (background checks are read, on-demand checks run or come from their cache). A run in which no
 * check of the group has run since the previous one (a background check slower than the watchdog,
 * or a cached result) neither counts nor resets. A run that is not DOWN resets the count and
 * re-arms the watchdog; UNKNOWN (no check has run yet) does neither. While the group stays DOWN
 * after firing, the watchdog does not fire again.
 *
 * <p>{@link #start} runs the watchdog as a periodic task of {@link BackgroundTasks}, named {@code
 * watchdog:<group>}, first one interval after start. Thread-safe.
 */
public final class HealthWatchdog implements AutoCloseable {

  /** Prefix of the name of the watchdog's task. */
  public static final String TASK_PREFIX = "watchdog:";

  private static final Logger log = LoggerFactory.getLogger(HealthWatchdog.class);

  private final HealthRegistry registry;
  private final HealthWatchdogConfig config;
  private final IntConsumer exit;
  private final AtomicLong firings = new AtomicLong();

  /** Guarded by {@code this}, like the two fields below. */
  private int consecutiveFailures;

  private boolean fired;

  /** Runs of the group's checks seen at the previous run; -1 before the first. */
  private long lastRuns = -1;

  private volatile ScheduledTask task;

  /**
   * A watchdog that runs only when {@link #check()} is called; {@link #start} also schedules it.
   *
   * @param registry the registry holding the watched group
   * @param config what to watch and what to do
   */
  public HealthWatchdog(HealthRegistry registry, HealthWatchdogConfig config) {
    this(registry, config, Runtime.getRuntime()::exit);
  }

  HealthWatchdog(HealthRegistry registry, HealthWatchdogConfig config, IntConsumer exit) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.config = Objects.requireNonNull(config, "config");
    this.exit = exit;
  }

  /**
   * A watchdog run every {@link HealthWatchdogConfig#interval()} as a task of {@code tasks}.
   *
   * @throws IllegalArgumentException if a watchdog of the same group already runs on {@code tasks}
   * @throws IllegalStateException if {@code tasks} is stopped
   */
  public static HealthWatchdog start(
      HealthRegistry registry, BackgroundTasks tasks, HealthWatchdogConfig config) {
    HealthWatchdog watchdog = new HealthWatchdog(registry, config);
    watchdog.task =
        tasks.atFixedRate(
            TASK_PREFIX + config.group(),
            config.interval(),
            TaskOptions.custom().initialDelay(config.interval()).build(),
            watchdog::check);
    log.info(
        "Health watchdog watches group '{}' every {} ms; fires after {} DOWN runs in a row{}",
        config.group(),
        config.interval().toMillis(),
        config.failureThreshold(),
        config.exit() ? " and exits with code " + config.exitCode() : " (exit off)");
    return watchdog;
  }

  /**
   * One run: evaluates the watched group, counts a DOWN result, fires when the count reaches the
   * threshold, resets on a result that is not DOWN.
   *
   * @return the group's status, {@link Status#UNKNOWN} if the group does not exist
   */
  public synchronized Status check() {
    Optional<HealthReport> evaluated = registry.evaluateGroup(config.group());
    if (evaluated.isEmpty()) {
      log.debug("Health watchdog: group '{}' does not exist (yet)", config.group());
      return Status.UNKNOWN;
    }
    HealthReport report = evaluated.get();
    long runs = 0;
    for (CheckReport check : report.checks().values()) {
      runs += check.statistics().runs();
    }
    boolean fresh = report.checks().isEmpty() || runs != lastRuns;
    lastRuns = runs;
    Status status = report.status();
    if (!fresh || status == Status.UNKNOWN) {
      return status;
    }
    if (status != Status.DOWN) {
      if (consecutiveFailures > 0) {
        log.info(
            "Health watchdog: group '{}' is {} again after {} DOWN runs in a row",
            config.group(),
            status,
            consecutiveFailures);
      }
      consecutiveFailures = 0;
      fired = false;
      return status;
    }
    consecutiveFailures++;
    if (fired) {
      return status;
    }
    if (consecutiveFailures < config.failureThreshold()) {
      log.warn(
          "Health watchdog: group '{}' is DOWN ({} of {} runs in a row before it fires): {}",
          config.group(),
          consecutiveFailures,
          config.failureThreshold(),
          failing(report));
      return status;
    }
    fired = true;
    fire(report);
    return status;
  }

  private void fire(HealthReport report) {
    long count = firings.incrementAndGet();
    log.error(
        "Health watchdog fired (#{}): group '{}' has been DOWN for {} runs in a row: {}; {}",
        count,
        config.group(),
        consecutiveFailures,
        failing(report),
        config.exit()
            ? "exiting with code " + config.exitCode() + " so that the supervisor restarts it"
            : "not exiting (exit is off)");
    config
        .callback()
        .ifPresent(
            callback -> {
              try {
                callback.onFire(config.group(), consecutiveFailures, report);
              } catch (RuntimeException e) {
                log.warn("Health watchdog callback {} threw", callback, e);
              }
            });
    if (config.exit()) {
      // On a thread of its own: exit() blocks while shutdown hooks run, and a hook that stops the
      // background tasks would otherwise wait for this very task until its grace period ends.
      Thread exiting = new Thread(() -> exit.accept(config.exitCode()), "stability-watchdog-exit");
      exiting.start();
    }
  }

  private static String failing(HealthReport report) {
    List<String> failing = new ArrayList<>();
    report
        .checks()
        .forEach(
            (name, check) -> {
              if (check.status() == Status.DOWN) {
                String reason =
                    check
                        .result()
                        .message()
                        .or(() -> check.result().error().map(Throwable::toString))
                        .orElse("DOWN");
                failing.add(name + " (" + reason + ")");
              }
            });
    return failing.isEmpty() ? "no check DOWN on its own" : String.join(", ", failing);
  }

  /** The watched group. */
  public String group() {
    return config.group();
  }

  /** DOWN runs in a row so far. */
  public synchronized int consecutiveFailures() {
    return consecutiveFailures;
  }

  /** How many times the watchdog has fired since it was created. */
  public long firings() {
    return firings.get();
  }

  /** Stops the scheduled runs, if {@link #start} scheduled them. */
  @Override
  public void close() {
    ScheduledTask scheduled = task;
    if (scheduled != null) {
      scheduled.cancel();
    }
  }
}
