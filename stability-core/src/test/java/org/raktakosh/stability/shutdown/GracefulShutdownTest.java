package org.raktakosh.stability.shutdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.health.Status;

class GracefulShutdownTest {

  private static CompletableFuture<ShutdownReport> signal(GracefulShutdown shutdown) {
    return CompletableFuture.supplyAsync(shutdown::shutdown);
  }

  @Test
  void runningInstanceAdmitsAndCountsRequests() throws Exception {
    GracefulShutdown shutdown = new GracefulShutdown();

    assertThat(shutdown.tryEnter()).isTrue();
    assertThat(shutdown.tryEnter()).isTrue();
    assertThat(shutdown.inFlight()).isEqualTo(2);
    shutdown.exit();

    assertThat(shutdown.inFlight()).isEqualTo(1);
    assertThat(shutdown.admitted()).isEqualTo(2);
    assertThat(shutdown.isAccepting()).isTrue();
    assertThat(shutdown.state()).isEqualTo(ShutdownState.RUNNING);
    assertThat(shutdown.readinessCheck().check().status()).isEqualTo(Status.UP);
  }

  @Test
  void drainWaitsForRequestsInFlightAndRefusesNewOnes() throws Exception {
    GracefulShutdown shutdown =
        new GracefulShutdown(ShutdownConfig.custom().gracePeriod(Duration.ofMinutes(5)).build());
    assertThat(shutdown.tryEnter()).isTrue();

    CompletableFuture<ShutdownReport> done = signal(shutdown);
    await().atMost(Duration.ofSeconds(5)).until(() -> !shutdown.isAccepting());

    assertThat(shutdown.tryEnter()).isFalse();
    assertThat(shutdown.readinessCheck().check().status()).isEqualTo(Status.DOWN);
    assertThat(done).isNotDone();
    shutdown.exit();

    ShutdownReport report = done.get(10, TimeUnit.SECONDS);
    assertThat(report.inFlightAtDrain()).isEqualTo(1);
    assertThat(report.finished()).isEqualTo(1);
    assertThat(report.cutOff()).isZero();
    assertThat(report.refused()).isEqualTo(1);
    assertThat(shutdown.state()).isEqualTo(ShutdownState.STOPPED);
  }

  @Test
  void requestsStillRunningAfterTheGracePeriodAreCutOffAndShutdownGoesOn() throws Exception {
    GracefulShutdown shutdown =
        new GracefulShutdown(ShutdownConfig.custom().gracePeriod(Duration.ofMillis(100)).build());
    shutdown.tryEnter();
    shutdown.tryEnter();
    shutdown.tryEnter();
    shutdown.exit();

    ShutdownReport report = signal(shutdown).get(10, TimeUnit.SECONDS);

    assertThat(report.inFlightAtDrain()).isEqualTo(2);
    assertThat(report.cutOff()).isEqualTo(2);
    assertThat(report.finished()).isZero();
    assertThat(shutdown.state()).isEqualTo(ShutdownState.STOPPED);
  }

  @Test
  void readinessTurnsDownAtOnceButRequestsAreAdmittedDuringTheReadinessDelay() throws Exception {
    GracefulShutdown shutdown =
        new GracefulShutdown(
            ShutdownConfig.custom().readinessDelay(Duration.ofMillis(500)).build());

    CompletableFuture<ShutdownReport> done = signal(shutdown);
    await().atMost(Duration.ofSeconds(5)).until(() -> shutdown.state() == ShutdownState.DRAINING);

    assertThat(shutdown.readinessCheck().check().status()).isEqualTo(Status.DOWN);
    if (shutdown.tryEnter()) { // admitted unless the delay has already passed on a slow machine
      shutdown.exit();
    }
    assertThat(done.get(10, TimeUnit.SECONDS).total())
        .isGreaterThanOrEqualTo(Duration.ofMillis(500));
  }

  @Test
  void listenersHearEachChangeAndStopActionsRunInOrderDespiteFailures() throws Exception {
    GracefulShutdown shutdown = new GracefulShutdown();
    List<String> heard = new CopyOnWriteArrayList<>();
    shutdown.addListener((from, to) -> heard.add(from + "->" + to));
    shutdown.addListener(
        (from, to) -> {
          throw new IllegalStateException("a broken listener");
        });
    shutdown.addStopAction("tasks", () -> heard.add("tasks"));
    shutdown.addStopAction(
        "broken",
        () -> {
          throw new IllegalStateException("cannot stop");
        });
    shutdown.addStopAction("container", () -> heard.add("container"));

    shutdown.shutdown();

    assertThat(heard)
        .containsExactly("RUNNING->DRAINING", "tasks", "container", "DRAINING->STOPPED");
  }

  @Test
  void secondCallWaitsForTheFirstAndGetsItsReport() throws Exception {
    GracefulShutdown shutdown = new GracefulShutdown();
    shutdown.tryEnter();
    CompletableFuture<ShutdownReport> first = signal(shutdown);
    await().atMost(Duration.ofSeconds(5)).until(() -> !shutdown.isAccepting());
    CompletableFuture<ShutdownReport> second = signal(shutdown);

    shutdown.exit();

    assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(first.get(10, TimeUnit.SECONDS));
    assertThat(shutdown.shutdown()).isSameAs(first.get());
  }

  @Test
  void interruptedDrainCutsOffWhatIsLeftAndKeepsTheFlag() throws Exception {
    GracefulShutdown shutdown = new GracefulShutdown();
    shutdown.tryEnter();
    CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              ShutdownReport report = shutdown.shutdown();
              interruptedAfter.complete(
                  Thread.currentThread().isInterrupted() && report.cutOff() == 1);
            });
    thread.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> !shutdown.isAccepting());

    thread.interrupt();

    assertThat(interruptedAfter.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void shutdownHookCanBeInstalledOnceAndRemoved() {
    GracefulShutdown shutdown = new GracefulShutdown();
    shutdown.installShutdownHook();
    shutdown.installShutdownHook();
    shutdown.removeShutdownHook();
    shutdown.removeShutdownHook();
    assertThat(shutdown.state()).isEqualTo(ShutdownState.RUNNING);
  }

  @Test
  void configRejectsNegativeDurationsAndHasKubernetesFriendlyDefaults() {
    ShutdownConfig defaults = ShutdownConfig.ofDefaults();
    assertThat(defaults.readinessDelay().plus(defaults.gracePeriod()))
        .isLessThan(Duration.ofSeconds(30));
    assertThat(defaults.toString()).contains("gracePeriod=PT25S");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ShutdownConfig.custom().gracePeriod(Duration.ofSeconds(-1)))
        .withMessageContaining("gracePeriod");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ShutdownConfig.custom().readinessDelay(Duration.ofSeconds(-1)))
        .withMessageContaining("readinessDelay");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ShutdownConfig.custom().retryAfter(Duration.ofSeconds(-1)))
        .withMessageContaining("retryAfter");
  }
}
