package org.raktakosh.stability.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackgroundTasksTest {

  private static final Duration SHORT = Duration.ofMillis(10);
  private static final Duration GENEROUS = Duration.ofSeconds(30);

  private final BackgroundTasks tasks = BackgroundTasks.ofDefaults();
  private final LogCapture logs = new LogCapture(BackgroundTasks.class);

  @AfterEach
  void close() {
    tasks.stop(Duration.ZERO);
    logs.close();
  }

  @Test
  void taskThatThrowsEveryOtherRunKeepsRunning() {
    AtomicInteger calls = new AtomicInteger();
    ScheduledTask task =
        tasks.withFixedDelay(
            "flaky",
            SHORT,
            () -> {
              if (calls.incrementAndGet() % 2 == 1) {
                throw new IllegalStateException("odd run " + calls.get());
              }
            });

    await().atMost(GENEROUS).until(() -> task.statistics().runs() >= 6);

    TaskStatistics stats = task.statistics();
    assertThat(stats.failures()).isBetween(stats.runs() / 2, stats.runs() / 2 + 1);
    assertThat(stats.lastError()).get().isInstanceOf(IllegalStateException.class);
    assertThat(stats.lastDuration()).isPresent();
    assertThat(task.isDone()).isFalse();
    assertThat(logs.messages(Level.WARN))
        .anyMatch(m -> m.contains("'flaky' failed") && m.contains("schedule goes on"));
  }

  @Test
  void fixedRateTaskRunsRepeatedlyAndCountsNoFailures() {
    ScheduledTask task = tasks.atFixedRate("tick", SHORT, () -> {});

    await().atMost(GENEROUS).until(() -> task.statistics().runs() >= 3);

    assertThat(task.statistics().failures()).isZero();
    assertThat(task.statistics().lastError()).isEmpty();
  }

  @Test
  void stopWaitsForARunningTaskToFinish() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean finished = new AtomicBoolean();
    tasks.once(
        "report",
        () -> {
          started.countDown();
          try {
            release.await();
            finished.set(true);
          } catch (InterruptedException e) {
            interrupted.set(true);
          }
        });
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Boolean> stop = CompletableFuture.supplyAsync(() -> tasks.stop(GENEROUS));
    await().atMost(GENEROUS).until(tasks::isStopped);
    assertThat(stop).isNotDone();
    release.countDown();

    assertThat(stop.get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(finished).isTrue();
    assertThat(interrupted).isFalse();
  }

  @Test
  void stopInterruptsATaskThatOverrunsTheGracePeriod() {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    tasks.once(
        "stuck",
        () -> {
          started.countDown();
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException e) {
            interrupted.set(true);
          }
        });
    await().atMost(GENEROUS).until(() -> started.getCount() == 0);

    boolean clean = tasks.stop(Duration.ofMillis(50));

    assertThat(clean).isFalse();
    await().atMost(GENEROUS).untilTrue(interrupted);
    assertThat(logs.messages(Level.WARN))
        .anyMatch(m -> m.contains("interrupting them") && m.contains("stuck"));
  }

  @Test
  void stopIsIdempotentAndRefusesNewTasks() {
    tasks.atFixedRate("tick", SHORT, () -> {});

    assertThat(tasks.stop(GENEROUS)).isTrue();
    assertThat(tasks.stop(Duration.ZERO)).isTrue();
    assertThat(tasks.isStopped()).isTrue();
    assertThat(tasks.names()).isEmpty();
    assertThatThrownBy(() -> tasks.once("late", () -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'late'");
  }

  @Test
  void stopCancelsRunsThatHaveNotStarted() {
    AtomicBoolean ran = new AtomicBoolean();
    ScheduledTask later =
        tasks.once(
            "later",
            TaskOptions.custom().initialDelay(Duration.ofHours(1)).build(),
            () -> ran.set(true));

    tasks.close();

    assertThat(later.isDone()).isTrue();
    assertThat(ran).isFalse();
  }

  @Test
  void runOverItsTimeoutIsInterruptedAndCountedAsAFailure() {
    AtomicInteger interrupts = new AtomicInteger();
    ScheduledTask task =
        tasks.withFixedDelay(
            "slow",
            SHORT,
            TaskOptions.custom().timeout(Duration.ofMillis(50)).build(),
            () -> {
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                interrupts.incrementAndGet();
              }
            });

    await().atMost(GENEROUS).until(() -> task.statistics().runs() >= 2);

    TaskStatistics stats = task.statistics();
    assertThat(stats.failures()).isEqualTo(stats.runs());
    assertThat(stats.timeouts()).isEqualTo(stats.runs());
    assertThat(interrupts.get()).isGreaterThanOrEqualTo(2);
    assertThat(stats.lastError())
        .get()
        .isInstanceOf(TimeoutException.class)
        .extracting(Throwable::getMessage)
        .asString()
        .contains("'slow'", "50 ms");
  }

  @Test
  void runWithinItsTimeoutSucceeds() {
    ScheduledTask task =
        tasks.once("quick", TaskOptions.custom().timeout(GENEROUS).build(), () -> {});

    await().atMost(GENEROUS).until(task::isDone);

    assertThat(task.statistics().runs()).isEqualTo(1);
    assertThat(task.statistics().failures()).isZero();
  }

  @Test
  void duplicateNameIsRejectedUntilTheTaskEnds() {
    ScheduledTask first = tasks.atFixedRate("job", Duration.ofHours(1), () -> {});

    assertThatThrownBy(() -> tasks.once("job", () -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'job' is already scheduled");
    assertThat(tasks.names()).containsExactly("job");
    assertThat(tasks.find("job")).containsSame(first);

    assertThat(first.cancel()).isTrue();
    assertThat(first.cancel()).isFalse();
    assertThat(first.isDone()).isTrue();
    assertThat(tasks.find("job")).isEmpty();
    ScheduledTask second = tasks.atFixedRate("job", Duration.ofHours(1), () -> {});
    assertThat(second.isDone()).isFalse();
  }

  @Test
  void oneShotTaskFreesItsNameWhenItHasRun() {
    ScheduledTask task = tasks.once("once", () -> {});

    await().atMost(GENEROUS).until(task::isDone);

    assertThat(task.statistics().runs()).isEqualTo(1);
    assertThat(tasks.find("once")).isEmpty();
  }

  @Test
  void errorEndsTheTasksScheduleAndIsCounted() {
    ScheduledTask task =
        tasks.withFixedDelay(
            "broken",
            SHORT,
            () -> {
              throw new NoClassDefFoundError("gone");
            });

    await().atMost(GENEROUS).until(task::isDone);

    assertThat(task.statistics().runs()).isEqualTo(1);
    assertThat(task.statistics().failures()).isEqualTo(1);
    assertThat(logs.messages(Level.ERROR)).anyMatch(m -> m.contains("'broken' threw an Error"));
  }

  @Test
  void listenersHearScheduleRunAndRemovalAndOneThatThrowsIsContained() {
    List<String> events = new CopyOnWriteArrayList<>();
    tasks.addListener(
        new TaskListener() {
          @Override
          public void onScheduled(String task) {
            throw new IllegalStateException("listener bug");
          }
        });
    tasks.addListener(
        new TaskListener() {
          @Override
          public void onScheduled(String task) {
            events.add("scheduled " + task);
          }

          @Override
          public void onRun(TaskRun run) {
            events.add("ran " + run.task() + (run.failed() ? " failed" : " ok"));
          }

          @Override
          public void onRemoved(String task) {
            events.add("removed " + task);
          }
        });

    tasks.once("one", () -> {});

    await().atMost(GENEROUS).until(() -> events.size() == 3);
    assertThat(events).containsExactly("scheduled one", "ran one ok", "removed one");
    assertThat(logs.messages(Level.WARN)).anyMatch(m -> m.contains("listener"));
  }

  @Test
  void badArgumentsAreRejectedNamingTheSetting() {
    assertThatThrownBy(() -> tasks.atFixedRate(" ", SHORT, () -> {}))
        .hasMessageContaining("name must not be blank");
    assertThatThrownBy(() -> tasks.atFixedRate("a", Duration.ZERO, () -> {}))
        .hasMessageContaining("period must be positive");
    assertThatThrownBy(() -> tasks.withFixedDelay("a", Duration.ofMillis(-1), () -> {}))
        .hasMessageContaining("delay must be positive");
    assertThatThrownBy(() -> TaskOptions.custom().timeout(Duration.ZERO))
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> TaskOptions.custom().initialDelay(Duration.ofMillis(-1)))
        .hasMessageContaining("initialDelay must not be negative");
    assertThatThrownBy(() -> BackgroundTasksConfig.custom().threads(0))
        .hasMessageContaining("threads must be at least 1");
    assertThatThrownBy(() -> BackgroundTasksConfig.custom().stopGrace(Duration.ofMillis(-1)))
        .hasMessageContaining("stopGrace must not be negative");
    assertThatThrownBy(() -> BackgroundTasksConfig.custom().threadNamePrefix(""))
        .hasMessageContaining("threadNamePrefix must not be blank");
    assertThat(BackgroundTasksConfig.custom().threads(1).stopGrace(Duration.ZERO).build())
        .extracting(BackgroundTasksConfig::threads, BackgroundTasksConfig::stopGrace)
        .containsExactly(1, Duration.ZERO);
  }

  @Test
  void tasksRunOnNamedThreads() {
    BackgroundTasks named =
        BackgroundTasks.of(BackgroundTasksConfig.custom().threadNamePrefix("app-jobs-").build());
    try {
      CompletableFuture<String> thread = new CompletableFuture<>();
      named.once("who", () -> thread.complete(Thread.currentThread().getName()));
      assertThat(thread).succeedsWithin(GENEROUS).asString().startsWith("app-jobs-");
    } finally {
      named.close();
    }
  }
}
