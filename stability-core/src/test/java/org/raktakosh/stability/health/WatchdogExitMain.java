package org.raktakosh.stability.health;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.raktakosh.stability.tasks.BackgroundTasks;

/**
 * Run in a forked JVM by {@link HealthWatchdogExitTest}: a liveness check that is always DOWN and a
 * watchdog that exits with the code given as the first argument. Never returns on its own.
 */
public final class WatchdogExitMain {

  private WatchdogExitMain() {}

  public static void main(String[] args) throws InterruptedException {
    HealthRegistry registry = HealthRegistry.ofDefaults();
    registry.register(
        "always-down",
        () -> HealthResult.down("broken on purpose"),
        HealthCheckOptions.custom().groups(HealthCheckOptions.LIVENESS).build());
    BackgroundTasks tasks = BackgroundTasks.ofDefaults();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  tasks.close();
                  System.out.println("shutdown hook ran");
                }));
    HealthWatchdog.start(
        registry,
        tasks,
        HealthWatchdogConfig.custom()
            .interval(Duration.ofMillis(20))
            .exit(true)
            .exitCode(Integer.parseInt(args[0]))
            .build());
    new CountDownLatch(1).await();
  }
}
