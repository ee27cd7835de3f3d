package org.raktakosh.stability.spring;

import java.time.Duration;
import java.util.Objects;
import org.raktakosh.stability.tasks.BackgroundTasks;
import org.springframework.context.SmartLifecycle;

/**
 * Stops {@link BackgroundTasks} when the application context closes, in phase {@link #PHASE}: after
 * Spring Boot's graceful shutdown of the web server (phase {@code Integer.MAX_VALUE - 1024}, so
 * requests still being served may use the tasks' results until they end) and before the web server
 * itself stops (phase {@code Integer.MAX_VALUE - 2048}, so health endpoints answer until the end).
 * Running tasks may finish within {@code stability.tasks.stop-grace}, then are interrupted.
 */
public final class BackgroundTasksLifecycle implements SmartLifecycle {

  /**
   * The phase in which background tasks stop: {@code Integer.MAX_VALUE - 1536}, between Boot's
   * graceful web-server shutdown and the web server's stop. Lifecycles that must stop before the
   * tasks (a request drain) use a higher phase; those that need the tasks until they stop use a
   * lower one.
   */
  public static final int PHASE = Integer.MAX_VALUE - 1536;

  private final BackgroundTasks tasks;
  private final Duration grace;
  private volatile boolean running;

  /**
   * A lifecycle for {@code tasks}.
   *
   * @param tasks the tasks to stop
   * @param grace how long running tasks may take to finish on stop
   */
  public BackgroundTasksLifecycle(BackgroundTasks tasks, Duration grace) {
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.grace = Objects.requireNonNull(grace, "grace");
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    tasks.stop(grace);
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
