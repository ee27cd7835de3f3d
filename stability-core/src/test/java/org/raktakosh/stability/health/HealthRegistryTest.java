package org.raktakosh.stability.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthRegistryTest {

  private static final Duration AWAIT = Duration.ofSeconds(10);

  private final List<HealthRegistry> registries = new ArrayList<>();
  private final CountDownLatch never = new CountDownLatch(1);

  @AfterEach
  void closeRegistries() {
    never.countDown();
    registries.forEach(HealthRegistry::close);
  }

  private HealthRegistry registry(HealthRegistryConfig config) {
    HealthRegistry registry = HealthRegistry.of(config);
    registries.add(registry);
    return registry;
  }

  private HealthRegistry registry() {
    return registry(HealthRegistryConfig.ofDefaults());
  }

  @Test
  void emptyRegistryIsUp() {
    assertThat(registry().evaluate().status()).isEqualTo(Status.UP);
  }

  @Test
  void checksRunInParallelUpToTheConfiguredParallelism() {
    HealthRegistry registry = registry(HealthRegistryConfig.custom().parallelism(8).build());
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    CountDownLatch eightRunning = new CountDownLatch(8);
    for (int i = 0; i < 20; i++) {
      registry.register(
          "check-" + i,
          () -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            eightRunning.countDown();
            // Each check holds its thread until eight run at once: only a parallel registry
            // gets past this; a sequential one would time every check out.
            eightRunning.await(5, TimeUnit.SECONDS);
            running.decrementAndGet();
            return HealthResult.up();
          });
    }

    HealthReport report = registry.evaluate();

    assertThat(report.status()).isEqualTo(Status.UP);
    assertThat(report.checks()).hasSize(20);
    assertThat(maxRunning.get()).isEqualTo(8);
  }

  @Test
  void hangingCheckIsReportedDownAfterItsTimeoutAndInterrupted() {
    HealthRegistry registry = registry();
    AtomicBoolean interrupted = new AtomicBoolean();
    registry.register(
        "hanging",
        () -> {
          try {
            never.await();
          } catch (InterruptedException e) {
            interrupted.set(true);
            throw e;
          }
          return HealthResult.up();
        },
        HealthCheckOptions.custom().timeout(Duration.ofMillis(300)).build());

    HealthReport report = registry.evaluate();

    CheckReport hanging = report.checks().get("hanging");
    assertThat(report.status()).isEqualTo(Status.DOWN);
    assertThat(hanging.result().message()).contains("timed out after 300 ms");
    await().atMost(AWAIT).untilTrue(interrupted);
  }

  @Test
  void poolThreadIsNotLeftInterruptedAfterATimeout() {
    HealthRegistry registry = registry(HealthRegistryConfig.custom().parallelism(1).build());
    registry.register(
        "hanging",
        () -> {
          never.await();
          return HealthResult.up();
        },
        HealthCheckOptions.custom().timeout(Duration.ofMillis(100)).build());
    registry.evaluate();
    registry.unregister("hanging");
    AtomicReference<Boolean> flagSeen = new AtomicReference<>();
    registry.register(
        "next",
        () -> {
          flagSeen.set(Thread.currentThread().isInterrupted());
          return HealthResult.up();
        });

    await().atMost(AWAIT).until(() -> registry.evaluate().status() == Status.UP);

    assertThat(flagSeen.get()).isFalse();
  }

  @Test
  void throwingCheckIsDownWithTheException() {
    HealthRegistry registry = registry();
    registry.register(
        "disk",
        () -> {
          throw new IOException("secret path /srv/x");
        });

    CheckReport report = registry.evaluate().checks().get("disk");

    assertThat(report.status()).isEqualTo(Status.DOWN);
    assertThat(report.result().error()).containsInstanceOf(IOException.class);
    assertThat(report.statistics().lastFailureMessage()).isEqualTo("java.io.IOException");
  }

  @Test
  void checkReturningNullIsDown() {
    HealthRegistry registry = registry();
    registry.register("null", () -> null);

    assertThat(registry.evaluate().status()).isEqualTo(Status.DOWN);
  }

  @Test
  void nonCriticalFailureMakesTheAggregateDegradedNotDown() {
    HealthRegistry registry = registry();
    registry.register("db", HealthResult::up);
    registry.register(
        "cache",
        () -> HealthResult.down("unreachable"),
        HealthCheckOptions.custom().critical(false).build());

    HealthReport report = registry.evaluate();

    assertThat(report.status()).isEqualTo(Status.DEGRADED);
    assertThat(report.checks().get("cache").status()).isEqualTo(Status.DOWN);
    assertThat(report.status().httpStatus()).isEqualTo(200);
  }

  @Test
  void criticalFailureMakesTheAggregateDown() {
    HealthRegistry registry = registry();
    registry.register("db", () -> HealthResult.down("refused"));
    registry.register("cache", () -> HealthResult.degraded("slow"));

    HealthReport report = registry.evaluate();

    assertThat(report.status()).isEqualTo(Status.DOWN);
    assertThat(report.status().httpStatus()).isEqualTo(503);
  }

  @Test
  void concurrentRequestsShareTheRunInProgress() throws InterruptedException {
    HealthRegistry registry = registry();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    registry.register(
        "slow",
        () -> {
          runs.incrementAndGet();
          release.await();
          return HealthResult.up();
        });
    List<Thread> callers = new ArrayList<>();
    List<Status> statuses = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 50; i++) {
      Thread caller = new Thread(() -> statuses.add(registry.evaluate().status()));
      callers.add(caller);
      caller.start();
    }

    // Release only once every caller is parked waiting for a result.
    await()
        .atMost(AWAIT)
        .until(() -> callers.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING));
    release.countDown();
    for (Thread caller : callers) {
      caller.join(AWAIT.toMillis());
    }

    assertThat(runs.get()).isEqualTo(1);
    assertThat(statuses).hasSize(50).containsOnly(Status.UP);
  }

  @Test
  void resultIsReusedWithinItsCacheTtlAndRunAgainAfter() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    HealthRegistry registry = registry(HealthRegistryConfig.custom().clock(clock).build());
    AtomicInteger runs = new AtomicInteger();
    registry.register(
        "db",
        () -> {
          runs.incrementAndGet();
          return HealthResult.up();
        },
        HealthCheckOptions.custom().cacheTtl(Duration.ofSeconds(10)).build());

    registry.evaluate();
    clock.advance(Duration.ofSeconds(9));
    registry.evaluate();
    assertThat(runs.get()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    registry.evaluate();
    assertThat(runs.get()).isEqualTo(2);
  }

  @Test
  void withoutCacheTtlEveryRequestRunsTheCheck() {
    HealthRegistry registry = registry();
    AtomicInteger runs = new AtomicInteger();
    registry.register(
        "db",
        () -> {
          runs.incrementAndGet();
          return HealthResult.up();
        });

    registry.evaluate();
    registry.evaluate();

    assertThat(runs.get()).isEqualTo(2);
  }

  @Test
  void backgroundCheckIsUnknownUntilItsFirstRunEnds() {
    HealthRegistry registry = registry();
    CountDownLatch release = new CountDownLatch(1);
    registry.register(
        "backup",
        () -> {
          release.await();
          return HealthResult.up();
        },
        HealthCheckOptions.custom().background(Duration.ofHours(1)).build());

    CheckReport before = registry.evaluate().checks().get("backup");
    assertThat(before.status()).isEqualTo(Status.UNKNOWN);
    assertThat(before.result().message()).get().asString().contains("first background run");
    assertThat(before.lastChecked()).isEmpty();

    registry.start();
    release.countDown();

    await().atMost(AWAIT).until(() -> registry.evaluate().status() == Status.UP);
  }

  @Test
  void backgroundCheckRunsOnItsScheduleAndRequestsDoNotRunIt() {
    HealthRegistry registry = registry();
    AtomicInteger runs = new AtomicInteger();
    registry.register(
        "ticker",
        () -> {
          runs.incrementAndGet();
          return HealthResult.up();
        },
        HealthCheckOptions.custom().background(Duration.ofMillis(50)).build());
    registry.start();

    await().atMost(AWAIT).until(() -> runs.get() >= 3);
    registry.unregister("ticker");
    int afterUnregister = runs.get();
    registry.evaluate();

    assertThat(runs.get()).isLessThanOrEqualTo(afterUnregister + 1);
  }

  @Test
  void checkRegisteredAfterStartRunsInTheBackgroundAtOnce() {
    HealthRegistry registry = registry();
    registry.start();
    registry.register("late", HealthResult::up, HealthCheckOptions.custom().background().build());

    await()
        .atMost(AWAIT)
        .until(() -> registry.lastReport("late").orElseThrow().status() == Status.UP);
  }

  @Test
  void registeringANameTwiceFails() {
    HealthRegistry registry = registry();
    registry.register("db", HealthResult::up);

    assertThatThrownBy(() -> registry.register("db", HealthResult::up))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'db'");
  }

  @Test
  void blankNameIsRejected() {
    assertThatThrownBy(() -> registry().register(" ", HealthResult::up))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void groupNamingAnUnknownCheckFailsStart() {
    HealthRegistry registry =
        registry(HealthRegistryConfig.custom().group("backup", List.of("backupDir")).build());
    registry.register("db", HealthResult::up);

    assertThatThrownBy(registry::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("group 'backup'")
        .hasMessageContaining("'backupDir'");
  }

  @Test
  void groupsCombineConfiguredMembersAndMembersByOption() {
    HealthRegistry registry =
        registry(HealthRegistryConfig.custom().group("backup", List.of("backupDir")).build());
    registry.register("backupDir", () -> HealthResult.degraded("old"));
    registry.register(
        "backupDisk", HealthResult::up, HealthCheckOptions.custom().groups("backup").build());
    registry.register("db", () -> HealthResult.down("refused"));
    registry.start();

    HealthReport backup = registry.evaluateGroup("backup").orElseThrow();

    assertThat(backup.checks()).containsOnlyKeys("backupDir", "backupDisk");
    assertThat(backup.status()).isEqualTo(Status.DEGRADED);
    assertThat(backup.groupName()).contains("backup");
    assertThat(registry.groups()).contains("backup", "liveness", "readiness");
  }

  @Test
  void namedGroupReportsANonCriticalFailureAsItIsWhileProbesDegrade() {
    HealthRegistry registry = registry();
    registry.register(
        "backupDir",
        () -> HealthResult.down("no backup yet"),
        HealthCheckOptions.custom().critical(false).groups("backup", "readiness").build());

    assertThat(registry.evaluate().status()).isEqualTo(Status.DEGRADED);
    assertThat(registry.evaluateGroup("readiness").orElseThrow().status())
        .isEqualTo(Status.DEGRADED);
    assertThat(registry.evaluateGroup("backup").orElseThrow().status()).isEqualTo(Status.DOWN);
  }

  @Test
  void livenessIgnoresChecksThatDidNotJoinIt() {
    HealthRegistry registry = registry();
    registry.register("db", () -> HealthResult.down("refused"));
    registry.register(
        "deadlocks",
        HealthResult::up,
        HealthCheckOptions.custom().groups(HealthCheckOptions.LIVENESS).build());

    assertThat(registry.evaluate().status()).isEqualTo(Status.DOWN);
    HealthReport live = registry.evaluateGroup("liveness").orElseThrow();
    assertThat(live.status()).isEqualTo(Status.UP);
    assertThat(live.checks()).containsOnlyKeys("deadlocks");
  }

  @Test
  void readinessHoldsEveryCheckUntilSomeCheckNamesIt() {
    HealthRegistry registry = registry();
    registry.register("db", () -> HealthResult.down("refused"));
    registry.register("ping", HealthResult::up);

    assertThat(registry.evaluateGroup("readiness").orElseThrow().checks())
        .containsOnlyKeys("db", "ping");

    registry.register(
        "queue", HealthResult::up, HealthCheckOptions.custom().groups("readiness").build());
    assertThat(registry.evaluateGroup("readiness").orElseThrow().checks())
        .containsOnlyKeys("queue");
  }

  @Test
  void readinessGateJoinsReadinessWithoutTakingItOver() {
    HealthRegistry registry = registry();
    registry.register("db", HealthResult::up);
    registry.register(
        "shutdown",
        () -> HealthResult.down("shutting down"),
        HealthCheckOptions.custom().readinessGate().build());

    HealthReport ready = registry.evaluateGroup("readiness").orElseThrow();
    assertThat(ready.checks()).containsOnlyKeys("db", "shutdown");
    assertThat(ready.status()).isEqualTo(Status.DOWN);
    assertThat(HealthCheckOptions.from(HealthCheckOptions.custom().readinessGate().build()).build())
        .satisfies(options -> assertThat(options.readinessGate()).isTrue())
        .satisfies(options -> assertThat(options.toString()).contains("readinessGate"));

    registry.register(
        "queue", HealthResult::up, HealthCheckOptions.custom().groups("readiness").build());
    assertThat(registry.evaluateGroup("readiness").orElseThrow().checks())
        .containsOnlyKeys("shutdown", "queue");
    assertThat(registry.evaluateGroup("liveness").orElseThrow().checks()).isEmpty();
  }

  @Test
  void unknownGroupIsEmpty() {
    assertThat(registry().evaluateGroup("nope")).isEmpty();
  }

  @Test
  void unregisterRemovesTheCheck() {
    HealthRegistry registry = registry();
    registry.register("db", () -> HealthResult.down("refused"));

    assertThat(registry.unregister("db")).isPresent();
    assertThat(registry.unregister("db")).isEmpty();
    assertThat(registry.names()).isEmpty();
    assertThat(registry.evaluate().status()).isEqualTo(Status.UP);
  }

  @Test
  void slowCheckLogsOneWarnWithItsNameAndDuration() {
    HealthRegistry registry =
        registry(HealthRegistryConfig.custom().slowThreshold(Duration.ofMillis(50)).build());
    CountDownLatch never = new CountDownLatch(1);
    registry.register(
        "slowpoke",
        () -> {
          never.await(150, TimeUnit.MILLISECONDS); // the work this check stands for
          return HealthResult.up();
        });
    registry.register("quick", HealthResult::up);

    try (LogCapture logs = new LogCapture(HealthRegistry.class)) {
      registry.evaluate();

      assertThat(logs.messages(Level.WARN))
          .singleElement()
          .asString()
          .contains("'slowpoke'")
          .contains("slow threshold 50 ms");
    }
  }

  @Test
  void slowThresholdStaysBelowAShortTimeout() {
    HealthRegistryConfig config = HealthRegistryConfig.ofDefaults();

    assertThat(config.slowThresholdFor(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.slowThresholdFor(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void statisticsCountRunsFailuresAndStreaks() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    HealthRegistry registry = registry(HealthRegistryConfig.custom().clock(clock).build());
    AtomicReference<HealthResult> next = new AtomicReference<>(HealthResult.up());
    registry.register("db", next::get);

    registry.evaluate();
    clock.advance(Duration.ofSeconds(1));
    next.set(HealthResult.down("refused"));
    registry.evaluate();
    clock.advance(Duration.ofSeconds(1));
    registry.evaluate();

    HealthStatistics stats = registry.lastReport("db").orElseThrow().statistics();
    assertThat(stats.runs()).isEqualTo(3);
    assertThat(stats.failures()).isEqualTo(2);
    assertThat(stats.consecutiveFailures()).isEqualTo(2);
    assertThat(stats.lastSuccess()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
    assertThat(stats.lastFailure()).isEqualTo(Instant.parse("2026-11-28T10:00:02Z"));
    assertThat(stats.lastFailureMessage()).isEqualTo("refused");
    assertThat(stats.availability()).hasValueSatisfying(a -> assertThat(a).isEqualTo(1.0 / 3));
    assertThat(registry.statistics().runs()).isEqualTo(3);
    assertThat(registry.statistics().consecutiveFailures()).isEqualTo(2);

    next.set(HealthResult.degraded("slow"));
    registry.evaluate();
    assertThat(registry.lastReport("db").orElseThrow().statistics().consecutiveFailures()).isZero();
  }

  @Test
  void reportCarriesTimestampsWithTheClocksOffsetAndUptime() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    HealthRegistry registry =
        registry(
            HealthRegistryConfig.custom()
                .clock(clock)
                .processStart(Instant.parse("2026-11-28T09:00:00Z"))
                .build());
    registry.register("db", HealthResult::up);

    HealthReport report = registry.evaluate();

    assertThat(report.uptime()).isEqualTo(Duration.ofHours(1));
    assertThat(report.timestamp().getOffset().getTotalSeconds()).isEqualTo(5 * 3600);
    assertThat(report.checks().get("db").lastChecked()).isPresent();
    assertThat(registry.processStart()).isEqualTo(Instant.parse("2026-11-28T09:00:00Z"));
  }

  @Test
  void listenersHearRunsAndStatusChangesAndAThrowingListenerIsContained() {
    HealthRegistry registry = registry();
    AtomicReference<HealthResult> next = new AtomicReference<>(HealthResult.up());
    registry.register("db", next::get);
    List<StatusChange> changes = new CopyOnWriteArrayList<>();
    List<String> registered = new CopyOnWriteArrayList<>();
    AtomicInteger runs = new AtomicInteger();
    registry.addListener(
        new HealthListener() {
          @Override
          public void onRun(CheckReport report) {
            throw new IllegalStateException("listener bug");
          }
        });
    registry.addListener(
        new HealthListener() {
          @Override
          public void onRegistered(String name, HealthCheckOptions options) {
            registered.add(name);
          }

          @Override
          public void onRun(CheckReport report) {
            runs.incrementAndGet();
          }

          @Override
          public void onStatusChange(StatusChange change) {
            changes.add(change);
          }
        });

    registry.evaluate();
    next.set(HealthResult.down("refused"));
    registry.evaluate();
    registry.evaluate();

    assertThat(registered).containsExactly("db");
    assertThat(runs.get()).isEqualTo(3);
    assertThat(changes)
        .extracting(StatusChange::previous, StatusChange::current)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Status.UNKNOWN, Status.UP),
            org.assertj.core.groups.Tuple.tuple(Status.UP, Status.DOWN));
  }

  @Test
  void runsBeyondTheQueueAreReportedDownAtOnce() {
    HealthRegistry registry =
        registry(HealthRegistryConfig.custom().parallelism(1).queueCapacity(1).build());
    HealthCheckOptions shortTimeout =
        HealthCheckOptions.custom().timeout(Duration.ofMillis(500)).build();
    for (int i = 0; i < 3; i++) {
      registry.register(
          "blocked-" + i,
          () -> {
            never.await();
            return HealthResult.up();
          },
          shortTimeout);
    }

    HealthReport report = registry.evaluate();

    assertThat(report.checks().values())
        .anySatisfy(
            check -> assertThat(check.result().message()).get().asString().contains("busy"));
    assertThat(report.status()).isEqualTo(Status.DOWN);
  }

  @Test
  void closedRegistryRefusesRegistrations() {
    HealthRegistry registry = registry();
    registry.close();

    assertThatThrownBy(() -> registry.register("db", HealthResult::up))
        .isInstanceOf(IllegalStateException.class);
  }
}
