package org.raktakosh.stability.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthMetricsTest {

  private final HealthRegistry registry = HealthRegistry.ofDefaults();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @AfterEach
  void close() {
    registry.close();
    meters.close();
  }

  private Gauge status(String check) {
    return meters.find(HealthMetrics.STATUS).tag(HealthMetrics.CHECK_TAG, check).gauge();
  }

  private io.micrometer.core.instrument.Timer duration(String check) {
    return meters.find(HealthMetrics.DURATION).tag(HealthMetrics.CHECK_TAG, check).timer();
  }

  @Test
  void statusGaugeFollowsTheLastResultOfEachCheck() {
    registry.register("up", HealthResult::up);
    registry.register("degraded", () -> HealthResult.degraded("slow"));
    registry.register("down", () -> HealthResult.down("broken"));
    new HealthMetrics(registry).bindTo(meters);

    registry.evaluate();

    assertThat(status("up").value()).isEqualTo(1.0);
    assertThat(status("degraded").value()).isEqualTo(0.5);
    assertThat(status("down").value()).isEqualTo(0.0);
  }

  @Test
  void statusGaugeIsNaNBeforeTheFirstRun() {
    registry.register("never-run", HealthResult::up);
    new HealthMetrics(registry).bindTo(meters);

    assertThat(status("never-run").value()).isNaN();
  }

  @Test
  void statusGaugeHasADescriptionAndNoBaseUnit() {
    registry.register("up", HealthResult::up);
    new HealthMetrics(registry).bindTo(meters);

    Meter.Id id = status("up").getId();
    assertThat(id.getDescription()).isNotBlank();
    assertThat(id.getBaseUnit()).isNull();
    assertThat(duration("up").getId().getDescription()).isNotBlank();
  }

  @Test
  void checkRegisteredAfterBindGetsMeters() {
    new HealthMetrics(registry).bindTo(meters);

    registry.register("late", () -> HealthResult.down("late and broken"));
    registry.evaluate();

    assertThat(status("late").value()).isEqualTo(0.0);
    assertThat(duration("late").count()).isEqualTo(1);
  }

  @Test
  void unregisteredCheckLosesItsMeters() {
    registry.register("gone", HealthResult::up);
    registry.register("kept", HealthResult::up);
    new HealthMetrics(registry).bindTo(meters);

    registry.unregister("gone");

    assertThat(status("gone")).isNull();
    assertThat(duration("gone")).isNull();
    assertThat(status("kept")).isNotNull();
  }

  @Test
  void durationTimerCountsEveryRun() {
    registry.register("counted", HealthResult::up);
    new HealthMetrics(registry).bindTo(meters);

    registry.evaluate();
    registry.evaluate();
    registry.evaluateGroup(HealthCheckOptions.READINESS);

    assertThat(duration("counted").count()).isEqualTo(3);
    assertThat(duration("counted").totalTime(TimeUnit.NANOSECONDS)).isPositive();
  }

  @Test
  void runEndingAfterItsCheckWasUnregisteredDoesNotBringItsTimerBack() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    registry.register(
        "leaving",
        () -> {
          running.countDown();
          finish.await();
          return HealthResult.up();
        });
    new HealthMetrics(registry).bindTo(meters);
    CompletableFuture<HealthReport> evaluation = CompletableFuture.supplyAsync(registry::evaluate);
    await().atMost(Duration.ofSeconds(10)).until(() -> running.getCount() == 0);

    registry.unregister("leaving");
    finish.countDown();
    evaluation.get(10, TimeUnit.SECONDS);

    assertThat(duration("leaving")).isNull();
    assertThat(status("leaving")).isNull();
  }

  @Test
  void extraTagsAreOnEveryMeter() {
    registry.register("tagged", HealthResult::up);
    new HealthMetrics(registry, List.of(Tag.of("application", "raktakosh"))).bindTo(meters);

    assertThat(
            meters
                .find(HealthMetrics.STATUS)
                .tags("application", "raktakosh", HealthMetrics.CHECK_TAG, "tagged")
                .gauge())
        .isNotNull();
    assertThat(
            meters
                .find(HealthMetrics.DURATION)
                .tags("application", "raktakosh", HealthMetrics.CHECK_TAG, "tagged")
                .timer())
        .isNotNull();
  }

  @Test
  void eachBoundMeterRegistryHasItsOwnMeters() {
    registry.register("twice", HealthResult::up);
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    HealthMetrics metrics = new HealthMetrics(registry);
    metrics.bindTo(meters);
    metrics.bindTo(other);

    registry.evaluate();
    registry.unregister("twice");

    assertThat(status("twice")).isNull();
    assertThat(other.find(HealthMetrics.STATUS).tag(HealthMetrics.CHECK_TAG, "twice").gauge())
        .isNull();
    other.close();
  }
}
