package org.raktakosh.stability.health.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.Status;

class ThreadChecksTest {

  private final CountDownLatch release = new CountDownLatch(1);
  private final ThreadPoolExecutor pool =
      new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(1));

  @AfterEach
  void close() {
    release.countDown();
    pool.shutdownNow();
  }

  private void block(ThreadPoolExecutor executor) {
    executor.execute(
        () -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  @Test
  void threadCountBelowTheLimitsIsUpWithTheFigures() throws Exception {
    HealthResult result = HealthChecks.threadCount(100_000, 200_000).check();

    assertThat(result.status()).isEqualTo(Status.UP);
    assertThat(result.details())
        .containsKeys("liveThreads", "peakThreads", "daemonThreads")
        .containsEntry("degradedAt", 100_000)
        .containsEntry("downAt", 200_000);
  }

  @Test
  void threadCountAtTheDegradedLimitIsDegradedAndAtTheDownLimitDown() throws Exception {
    // The test JVM runs at least this thread, so a limit of 1 is always reached.
    assertThat(HealthChecks.threadCount(1, 1_000_000).check().status()).isEqualTo(Status.DEGRADED);
    assertThat(HealthChecks.threadCount(1, 1).check().status()).isEqualTo(Status.DOWN);
  }

  @Test
  void threadCountLimitsAreChecked() throws Exception {
    assertThatThrownBy(() -> HealthChecks.threadCount(0, 10))
        .hasMessageContaining("degradedAt must be at least 1");
    assertThatThrownBy(() -> HealthChecks.threadCount(10, 9))
        .hasMessageContaining("downAt (9) must not be less than degradedAt (10)");
    assertThat(new ThreadCountCheck(ManagementFactory.getThreadMXBean(), 1, 1).check().status())
        .isEqualTo(Status.DOWN);
  }

  @Test
  void idlePoolIsUp() throws Exception {
    HealthResult result = HealthChecks.threadPool(pool).check();

    assertThat(result.status()).isEqualTo(Status.UP);
    assertThat(result.details())
        .containsEntry("activeThreads", 0)
        .containsEntry("maxPoolSize", 1)
        .containsEntry("queueRemainingCapacity", 1);
  }

  @Test
  void poolWithEveryThreadBusyIsDegradedAndWithAFullQueueDown() throws Exception {
    block(pool);
    await().atMost(Duration.ofSeconds(30)).until(() -> pool.getActiveCount() == 1);
    assertThat(HealthChecks.threadPool(pool).check().status()).isEqualTo(Status.DEGRADED);

    block(pool);
    HealthResult saturated = HealthChecks.threadPool(pool).check();
    assertThat(saturated.status()).isEqualTo(Status.DOWN);
    assertThat(saturated.message()).get().asString().contains("queue is full");

    release.countDown();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> HealthChecks.threadPool(pool).check().status() == Status.UP);
  }

  @Test
  void busyPoolWithAnUnboundedQueueIsAtWorstDegraded() throws Exception {
    ThreadPoolExecutor unbounded =
        new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
    try {
      block(unbounded);
      block(unbounded);
      await().atMost(Duration.ofSeconds(30)).until(() -> unbounded.getActiveCount() == 1);
      assertThat(HealthChecks.threadPool(unbounded).check().status()).isEqualTo(Status.DEGRADED);
    } finally {
      unbounded.shutdownNow();
    }
  }

  @Test
  void shutDownPoolIsDown() throws Exception {
    pool.shutdown();

    assertThat(HealthChecks.threadPool(pool).check().status()).isEqualTo(Status.DOWN);
  }
}
