package org.raktakosh.stability.health.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.health.HealthCheck;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.Status;

class DeadlockedThreadsCheckTest {

  private final List<Thread> threads = new ArrayList<>();

  @AfterEach
  void breakTheDeadlock() {
    threads.forEach(Thread::interrupt);
    await().atMost(Duration.ofSeconds(10)).until(() -> threads.stream().noneMatch(Thread::isAlive));
  }

  @Test
  void noDeadlockIsUp() throws Exception {
    HealthResult result = HealthChecks.deadlockedThreads().check();

    assertThat(result.status()).isEqualTo(Status.UP);
    assertThat(result.details()).containsEntry("deadlockedThreads", 0);
  }

  @Test
  void deadlockedThreadsAreDownWithTheirNames() throws Exception {
    ReentrantLock first = new ReentrantLock();
    ReentrantLock second = new ReentrantLock();
    CountDownLatch bothHoldOneLock = new CountDownLatch(2);
    start("deadlock-test-a", first, second, bothHoldOneLock);
    start("deadlock-test-b", second, first, bothHoldOneLock);
    HealthCheck check = HealthChecks.deadlockedThreads();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(check.check().status()).isEqualTo(Status.DOWN));

    HealthResult result = HealthChecks.deadlockedThreads().check();
    assertThat(result.message())
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("2 deadlocked threads", "deadlock-test-a", "deadlock-test-b"));
    assertThat(result.details()).containsEntry("deadlockedThreads", 2);
    assertThat(result.details().get("threads"))
        .asInstanceOf(InstanceOfAssertFactories.LIST)
        .containsExactlyInAnyOrder("deadlock-test-a", "deadlock-test-b");
  }

  private void start(String name, ReentrantLock mine, ReentrantLock theirs, CountDownLatch ready) {
    Thread thread =
        new Thread(
            () -> {
              try {
                mine.lockInterruptibly();
                try {
                  ready.countDown();
                  ready.await();
                  theirs.lockInterruptibly();
                  theirs.unlock();
                } finally {
                  mine.unlock();
                }
              } catch (InterruptedException e) {
                // The test is over: give up the lock and end.
              }
            },
            name);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }
}
