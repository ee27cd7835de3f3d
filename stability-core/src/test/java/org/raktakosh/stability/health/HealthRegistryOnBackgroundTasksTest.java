package org.raktakosh.stability.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.tasks.BackgroundTasks;

class HealthRegistryOnBackgroundTasksTest {

  private static final Duration AWAIT = Duration.ofSeconds(30);

  private final BackgroundTasks tasks = BackgroundTasks.ofDefaults();
  private final HealthRegistry registry =
      HealthRegistry.of(HealthRegistryConfig.ofDefaults(), tasks);

  @AfterEach
  void close() {
    registry.close();
    tasks.close();
  }

  @Test
  void backgroundChecksAreTasksNamedAfterTheCheck() {
    AtomicInteger runs = new AtomicInteger();
    registry.register(
        "ticker",
        () -> {
          runs.incrementAndGet();
          return HealthResult.up();
        },
        HealthCheckOptions.custom().background(Duration.ofMillis(20)).build());
    registry.register("on-demand", HealthResult::up);
    registry.start();

    await().atMost(AWAIT).until(() -> runs.get() >= 3);
    assertThat(tasks.names()).containsExactly("health:ticker");
    assertThat(tasks.find("health:ticker").orElseThrow().statistics().runs()).isPositive();
    await().atMost(AWAIT).until(() -> registry.evaluate().status() == Status.UP);
  }

  @Test
  void unregisteringOrClosingCancelsTheTaskButLeavesTheTasksRunning() {
    registry.register("a", HealthResult::up, HealthCheckOptions.custom().background().build());
    registry.register("b", HealthResult::up, HealthCheckOptions.custom().background().build());
    registry.start();
    assertThat(tasks.names()).containsExactly("health:a", "health:b");

    registry.unregister("a");
    assertThat(tasks.names()).containsExactly("health:b");

    registry.close();
    assertThat(tasks.names()).isEmpty();
    assertThat(tasks.isStopped()).isFalse();
  }

  @Test
  void registeringABackgroundCheckAfterTheTasksStoppedDoesNotFail() {
    registry.start();
    tasks.close();

    registry.register("late", HealthResult::up, HealthCheckOptions.custom().background().build());

    assertThat(registry.lastReport("late").orElseThrow().status()).isEqualTo(Status.UNKNOWN);
  }
}
