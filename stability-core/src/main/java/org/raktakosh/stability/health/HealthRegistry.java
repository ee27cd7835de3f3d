package org.raktakosh.stability.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.raktakosh.stability.internal.health.DefaultHealthRegistry;
import org.raktakosh.stability.tasks.BackgroundTasks;

/**
 * The application's health checks, run in parallel under timeouts, cached, optionally in the
 * background, with analytics and listeners.
 *
 * <p>Typical use: create one registry, {@link #register} the checks, {@link #start()} it (which
 * validates groups and starts background runs) and serve its reports over HTTP; {@link #close()} it
 * on shutdown. All methods are thread-safe.
 */
public interface HealthRegistry extends AutoCloseable {

  /** A registry with {@code config}. */
  static HealthRegistry of(HealthRegistryConfig config) {
    return new DefaultHealthRegistry(config);
  }

  /**
   * A registry with {@code config} whose background checks run as periodic tasks of {@code tasks},
   * named {@code health:<check>}, so they show in its statistics and metrics and stop with it. The
   * registry does not stop {@code tasks}; closing the registry cancels its tasks.
   */
  static HealthRegistry of(HealthRegistryConfig config, BackgroundTasks tasks) {
    return new DefaultHealthRegistry(config, Objects.requireNonNull(tasks, "tasks"));
  }

  /** A registry with {@link HealthRegistryConfig#ofDefaults()}. */
  static HealthRegistry ofDefaults() {
    return of(HealthRegistryConfig.ofDefaults());
  }

  /**
   * Registers {@code check} with {@link HealthCheckOptions#ofDefaults()}.
   *
   * @throws IllegalArgumentException if a check with this name is already registered
   */
  default void register(String name, HealthCheck check) {
    register(name, check, HealthCheckOptions.ofDefaults());
  }

  /**
   * Registers {@code check} under {@code name}. After {@link #start()}, a background check starts
   * running at once.
   *
   * @throws IllegalArgumentException if a check with this name is already registered, or the name
   *     is blank
   */
  void register(String name, HealthCheck check, HealthCheckOptions options);

  /**
   * Removes a check and stops its background runs.
   *
   * @return the options it had, or empty if no check had this name
   */
  Optional<HealthCheckOptions> unregister(String name);

  /** Names of the registered checks, in name order. */
  Set<String> names();

  /**
   * Names of every known group: {@code liveness}, {@code readiness}, groups defined in the
   * configuration and groups named by a check's options.
   */
  Set<String> groups();

  /**
   * Validates the configured groups and starts background runs. Idempotent.
   *
   * @throws IllegalStateException if a configured group lists a check that is not registered
   */
  void start();

  /** Evaluates every check: cached results are reused, stale ones run again, all in parallel. */
  HealthReport evaluate();

  /**
   * Evaluates the checks of {@code group}. The group {@code liveness} is empty (UP) unless checks
   * join it; {@code readiness} holds every check unless some check or the configuration names it.
   * In those two, as in {@link #evaluate()}, a non-critical check that is DOWN counts as DEGRADED;
   * any other group reports the worst status of its members as they are, so that a group watched on
   * purpose (the seed's {@code /backup-health}) answers DOWN when its checks are DOWN.
   *
   * @return the report, or empty if no such group is known
   */
  Optional<HealthReport> evaluateGroup(String group);

  /** The last known report of one check, without running it; empty if it is not registered. */
  Optional<CheckReport> lastReport(String name);

  /** Analytics of the evaluations of the whole application since start. */
  HealthStatistics statistics();

  /** When the process started. */
  Instant processStart();

  /** Time since the process started. */
  Duration uptime();

  /** Adds a listener; it also receives {@code onRegistered} for checks already registered. */
  void addListener(HealthListener listener);

  /** Removes a listener added before. */
  void removeListener(HealthListener listener);

  /** Stops background runs and the registry's threads; running checks are interrupted. */
  @Override
  void close();
}
