package org.raktakosh.stability.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.tasks.BackgroundTasks;

class HealthWatchdogTest {

  private static final Duration AWAIT = Duration.ofSeconds(30);

  private final HealthRegistry registry = HealthRegistry.ofDefaults();
  private final AtomicReference<Status> live = new AtomicReference<>(Status.UP);
  private final List<Integer> firings = new CopyOnWriteArrayList<>();
  private final LogCapture logs = new LogCapture(HealthWatchdog.class);

  HealthWatchdogTest() {
    registry.register(
        "heartbeat",
        () -> HealthResult.builder(live.get()).message("heartbeat " + live.get()).build(),
        HealthCheckOptions.custom().groups(HealthCheckOptions.LIVENESS).build());
  }

  @AfterEach
  void close() {
    registry.close();
    logs.close();
  }

  private HealthWatchdog watchdog() {
    return new HealthWatchdog(
        registry,
        HealthWatchdogConfig.custom()
            .callback((group, failures, report) -> firings.add(failures))
            .build());
  }

  private void run(HealthWatchdog watchdog, Status... statuses) {
    for (Status status : statuses) {
      live.set(status);
      assertThat(watchdog.check()).isEqualTo(status);
    }
  }

  @Test
  void groupDownThreeTimesInARowFiresOnce() {
    HealthWatchdog watchdog = watchdog();

    run(watchdog, Status.DOWN, Status.DOWN);
    assertThat(firings).isEmpty();
    run(watchdog, Status.DOWN);
    assertThat(firings).containsExactly(3);
    run(watchdog, Status.DOWN, Status.DOWN);

    assertThat(firings).containsExactly(3);
    assertThat(watchdog.firings()).isEqualTo(1);
    assertThat(watchdog.consecutiveFailures()).isEqualTo(5);
    assertThat(logs.messages(Level.ERROR))
        .singleElement()
        .asString()
        .contains(
            "group 'liveness'", "3 runs in a row", "heartbeat (heartbeat DOWN)", "exit is off");
  }

  @Test
  void failFailPassFailDoesNotFire() {
    HealthWatchdog watchdog = watchdog();

    run(watchdog, Status.DOWN, Status.DOWN, Status.UP, Status.DOWN);

    assertThat(firings).isEmpty();
    assertThat(watchdog.firings()).isZero();
    assertThat(watchdog.consecutiveFailures()).isEqualTo(1);
    assertThat(logs.messages(Level.INFO)).anyMatch(m -> m.contains("UP again after 2"));
  }

  @Test
  void degradedCountsAsAPassAndRecoveryRearmsTheWatchdog() {
    HealthWatchdog watchdog = watchdog();

    run(watchdog, Status.DOWN, Status.DOWN, Status.DOWN, Status.DEGRADED);
    assertThat(watchdog.consecutiveFailures()).isZero();
    run(watchdog, Status.DOWN, Status.DOWN, Status.DOWN);

    assertThat(firings).containsExactly(3, 3);
  }

  @Test
  void unknownNeitherCountsNorResets() {
    HealthWatchdog watchdog = watchdog();

    run(watchdog, Status.DOWN, Status.DOWN, Status.UNKNOWN, Status.DOWN);

    assertThat(firings).containsExactly(3);
  }

  @Test
  void aResultThatHasNotChangedSinceTheLastRunIsNotCountedAgain() {
    HealthRegistry background = HealthRegistry.ofDefaults();
    try {
      background.register(
          "slow-background",
          () -> HealthResult.down("stuck"),
          HealthCheckOptions.custom()
              .groups(HealthCheckOptions.LIVENESS)
              .background(Duration.ofHours(1))
              .build());
      background.start();
      await()
          .atMost(AWAIT)
          .until(
              () -> background.lastReport("slow-background").orElseThrow().status() == Status.DOWN);
      HealthWatchdog watchdog = new HealthWatchdog(background, HealthWatchdogConfig.ofDefaults());

      for (int i = 0; i < 5; i++) {
        assertThat(watchdog.check()).isEqualTo(Status.DOWN);
      }

      assertThat(watchdog.consecutiveFailures()).isEqualTo(1);
      assertThat(watchdog.firings()).isZero();
    } finally {
      background.close();
    }
  }

  @Test
  void unknownGroupIsUnknownAndCountsNothing() {
    HealthWatchdog watchdog =
        new HealthWatchdog(registry, HealthWatchdogConfig.custom().group("backup").build());

    assertThat(watchdog.check()).isEqualTo(Status.UNKNOWN);
    assertThat(watchdog.consecutiveFailures()).isZero();
  }

  @Test
  void aCallbackThatThrowsIsLoggedAndTheExitStillHappens() {
    CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    HealthWatchdog watchdog =
        new HealthWatchdog(
            registry,
            HealthWatchdogConfig.custom()
                .failureThreshold(1)
                .exit(true)
                .exitCode(42)
                .callback(
                    (group, failures, report) -> {
                      throw new IllegalStateException("pager down");
                    })
                .build(),
            exitCode::complete);

    run(watchdog, Status.DOWN);

    assertThat(exitCode).succeedsWithin(AWAIT).isEqualTo(42);
    assertThat(logs.messages(Level.WARN)).anyMatch(m -> m.contains("callback"));
    assertThat(logs.messages(Level.ERROR)).anyMatch(m -> m.contains("exiting with code 42"));
  }

  @Test
  void startedWatchdogRunsOnBackgroundTasksAndFires() {
    BackgroundTasks tasks = BackgroundTasks.ofDefaults();
    live.set(Status.DOWN);
    AtomicInteger fired = new AtomicInteger();
    try (HealthWatchdog watchdog =
        HealthWatchdog.start(
            registry,
            tasks,
            HealthWatchdogConfig.custom()
                .interval(Duration.ofMillis(10))
                .callback((group, failures, report) -> fired.incrementAndGet())
                .build())) {
      assertThat(tasks.names()).containsExactly("watchdog:liveness");
      await().atMost(AWAIT).until(() -> fired.get() == 1);
      assertThat(watchdog.firings()).isEqualTo(1);
    } finally {
      tasks.close();
    }
    assertThat(tasks.names()).isEmpty();
  }

  @Test
  void metricsCountFiringsAndShowTheFailuresInARow() {
    HealthWatchdog watchdog = watchdog();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    new HealthWatchdogMetrics(watchdog).bindTo(meters);

    run(watchdog, Status.DOWN, Status.DOWN, Status.DOWN, Status.DOWN);

    assertThat(
            meters
                .find(HealthWatchdogMetrics.FIRED)
                .tag(HealthWatchdogMetrics.GROUP_TAG, "liveness")
                .functionCounter()
                .count())
        .isEqualTo(1.0);
    assertThat(meters.find(HealthWatchdogMetrics.CONSECUTIVE_FAILURES).gauge().value())
        .isEqualTo(4.0);
  }

  @Test
  void badSettingsAreRejectedNamingTheSetting() {
    assertThatThrownBy(() -> HealthWatchdogConfig.custom().failureThreshold(0))
        .hasMessageContaining("failureThreshold must be at least 1");
    assertThatThrownBy(() -> HealthWatchdogConfig.custom().exitCode(0))
        .hasMessageContaining("exitCode must be between 1 and 255");
    assertThatThrownBy(() -> HealthWatchdogConfig.custom().exitCode(256))
        .hasMessageContaining("exitCode");
    assertThatThrownBy(() -> HealthWatchdogConfig.custom().interval(Duration.ZERO))
        .hasMessageContaining("interval must be positive");
    assertThatThrownBy(() -> HealthWatchdogConfig.custom().group("Live ness"))
        .hasMessageContaining("group name");
    HealthWatchdogConfig config = HealthWatchdogConfig.custom().exitCode(1).build();
    assertThat(config.exitCode()).isEqualTo(1);
    assertThat(config.exit()).isFalse();
    assertThat(config.group()).isEqualTo("liveness");
    assertThat(config.failureThreshold()).isEqualTo(3);
    assertThat(config.interval()).isEqualTo(Duration.ofSeconds(60));
  }
}
