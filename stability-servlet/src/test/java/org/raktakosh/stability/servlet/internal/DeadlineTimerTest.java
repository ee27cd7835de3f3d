package org.raktakosh.stability.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineTimerTest {

  private static final AtomicInteger TIMERS = new AtomicInteger();

  private final String name = "test-timer-" + TIMERS.incrementAndGet();
  private final DeadlineTimer timer = new DeadlineTimer(name, Duration.ofSeconds(30));

  @AfterEach
  void close() {
    timer.close();
  }

  /** Records when it ran; runs again {@code again} times, 10 ms apart. */
  private static final class Recorder extends DeadlineTimer.Task {
    final AtomicInteger runs = new AtomicInteger();
    final AtomicLong ranAt = new AtomicLong();
    final int again;

    Recorder(int again) {
      this.again = again;
    }

    @Override
    protected void run(long now) {
      ranAt.set(System.nanoTime());
      if (runs.incrementAndGet() <= again) {
        runAgainAt(now + TimeUnit.MILLISECONDS.toNanos(10));
      }
    }
  }

  private static long in(long millis) {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
  }

  @Test
  void runsATaskAtItsDueTimeAndNotBefore() {
    Recorder task = new Recorder(0);
    long due = in(200);
    timer.schedule(task, due);
    assertThat(task.runs).hasValue(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> task.runs.get() == 1);
    assertThat(task.ranAt.get() - due).isGreaterThanOrEqualTo(0);
    assertThat(timer.size()).as("still registered until cancelled").isEqualTo(1);
  }

  @Test
  void aTaskDueBeyondTheIdleHorizonRunsOnTime() {
    DeadlineTimer shortSighted = new DeadlineTimer(name + "-short", Duration.ofMillis(20));
    try {
      Recorder task = new Recorder(0);
      long due = in(300); // the idle thread wakes every 20 ms several times before this is due
      shortSighted.schedule(task, due);
      await().atMost(Duration.ofSeconds(10)).until(() -> task.runs.get() == 1);
      assertThat(task.ranAt.get() - due).isGreaterThanOrEqualTo(0);
    } finally {
      shortSighted.close();
    }
  }

  @Test
  void rejectsAHorizonThatIsNotPositive() {
    assertThatThrownBy(() -> new DeadlineTimer("bad", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("horizon");
    assertThatThrownBy(() -> new DeadlineTimer("bad", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCancelledTaskNeverRuns() {
    Recorder cancelled = new Recorder(0);
    Recorder kept = new Recorder(0);
    timer.schedule(cancelled, in(100));
    timer.schedule(kept, in(150));
    timer.cancel(cancelled);
    assertThat(timer.size()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> kept.runs.get() == 1);
    assertThat(cancelled.runs).hasValue(0);
  }

  @Test
  void anEarlierTaskWakesATimerSleepingUntilALaterOne() {
    Recorder late = new Recorder(0);
    timer.schedule(late, in(TimeUnit.HOURS.toMillis(1)));
    // Let the thread go to sleep for the hour first.
    await().atMost(Duration.ofSeconds(10)).until(() -> threadState() == Thread.State.TIMED_WAITING);
    Recorder early = new Recorder(0);
    timer.schedule(early, in(50));
    await().atMost(Duration.ofSeconds(10)).until(() -> early.runs.get() == 1);
    assertThat(late.runs).hasValue(0);
  }

  private Thread.State threadState() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals(name))
        .findFirst()
        .map(Thread::getState)
        .orElse(Thread.State.NEW);
  }

  @Test
  void aTaskRunsAgainWhenItAsksTo() {
    Recorder task = new Recorder(2);
    timer.schedule(task, in(10));
    await().atMost(Duration.ofSeconds(10)).until(() -> task.runs.get() == 3);
    // It did not ask a fourth time.
    Recorder marker = new Recorder(0);
    timer.schedule(marker, in(100));
    await().atMost(Duration.ofSeconds(10)).until(() -> marker.runs.get() == 1);
    assertThat(task.runs).hasValue(3);
  }

  @Test
  void aFailingTaskDoesNotStopTheTimer() {
    DeadlineTimer.Task failing =
        new DeadlineTimer.Task() {
          @Override
          protected void run(long now) {
            throw new IllegalStateException("boom");
          }
        };
    Recorder after = new Recorder(0);
    timer.schedule(failing, in(10));
    timer.schedule(after, in(60));
    await().atMost(Duration.ofSeconds(10)).until(() -> after.runs.get() == 1);
  }

  @Test
  void nothingRunsAfterClose() {
    Recorder pending = new Recorder(0);
    timer.schedule(pending, in(100));
    timer.close();
    Recorder late = new Recorder(0);
    timer.schedule(late, in(0));
    assertThat(timer.size()).isZero();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> threadState() == Thread.State.NEW); // the thread has ended
    assertThat(pending.runs).hasValue(0);
    assertThat(late.runs).hasValue(0);
  }

  @Test
  void underConcurrentSchedulingEveryTaskNotCancelledRunsOnce() throws Exception {
    int threads = 4;
    int perThread = 2_000;
    ConcurrentLinkedQueue<Recorder> kept = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Recorder> cancelled = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(
          pool.submit(
              () -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                  Recorder task = new Recorder(0);
                  // Due times spread over 0–50 ms, in no order, so adds keep moving the wake-up.
                  timer.schedule(task, in((i * 7919L) % 50));
                  if (i % 2 == 0) {
                    timer.cancel(task);
                    cancelled.add(task);
                  } else {
                    kept.add(task);
                  }
                }
                return null;
              }));
    }
    go.countDown();
    for (Future<?> future : done) {
      future.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> kept.stream().allMatch(task -> task.runs.get() == 1));
    // Cancelled right after scheduling, a task due at once may already have run: at most once.
    assertThat(cancelled).allMatch(task -> task.runs.get() <= 1);
    assertThat(kept).hasSize(threads * perThread / 2);
  }
}
