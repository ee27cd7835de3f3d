package org.raktakosh.stability.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackgroundTaskMetricsTest {

  private final BackgroundTasks tasks = BackgroundTasks.ofDefaults();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @AfterEach
  void close() {
    tasks.close();
    meters.close();
  }

  private Counter counter(String name, String task) {
    return meters.find(name).tag(BackgroundTaskMetrics.TASK_TAG, task).counter();
  }

  @Test
  void runsFailuresAndDurationAreCountedPerTask() {
    AtomicInteger calls = new AtomicInteger();
    new BackgroundTaskMetrics(tasks).bindTo(meters);
    tasks.withFixedDelay(
        "flaky",
        Duration.ofMillis(10),
        () -> {
          if (calls.incrementAndGet() % 2 == 0) {
            throw new IllegalStateException("even");
          }
        });

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> counter(BackgroundTaskMetrics.RUNS, "flaky").count() >= 4);
    tasks.stop(Duration.ofSeconds(30));

    double runs = counter(BackgroundTaskMetrics.RUNS, "flaky").count();
    double failures = counter(BackgroundTaskMetrics.FAILURES, "flaky").count();
    Timer duration = meters.find(BackgroundTaskMetrics.DURATION).tag("task", "flaky").timer();
    assertThat(failures).isEqualTo(Math.floor(runs / 2));
    assertThat(duration.count()).isEqualTo((long) runs);
    assertThat(meters.find(BackgroundTaskMetrics.RUNS).counter().getId().getDescription())
        .isNotBlank();
  }

  @Test
  void tasksScheduledBeforeBindingGetMetersAtZeroAndExtraTags() {
    tasks.atFixedRate(
        "later",
        Duration.ofHours(1),
        TaskOptions.custom().initialDelay(Duration.ofHours(1)).build(),
        () -> {});

    new BackgroundTaskMetrics(tasks, Tags.of("app", "donors")).bindTo(meters);

    Counter runs =
        meters.find(BackgroundTaskMetrics.RUNS).tags("task", "later", "app", "donors").counter();
    assertThat(runs).isNotNull();
    assertThat(runs.count()).isZero();
    assertThat(counter(BackgroundTaskMetrics.FAILURES, "later").count()).isZero();
  }

  @Test
  void metersOfAOneShotTaskRemainAfterItEnds() {
    new BackgroundTaskMetrics(tasks).bindTo(meters);
    ScheduledTask task = tasks.once("once", () -> {});

    await().atMost(Duration.ofSeconds(30)).until(task::isDone);

    assertThat(counter(BackgroundTaskMetrics.RUNS, "once").count()).isEqualTo(1.0);
  }
}
