package org.raktakosh.stability.health.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.MemoryUsage;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.Status;

class HeapMemoryCheckTest {

  private static HealthResult checkWith(long used, long committed, long max) {
    MemoryUsage usage = new MemoryUsage(0, used, committed, max);
    return new HeapMemoryCheck(
            () -> usage,
            HealthChecks.DEFAULT_HEAP_DEGRADED_FRACTION,
            HealthChecks.DEFAULT_HEAP_DOWN_FRACTION)
        .check();
  }

  @Test
  void heapBelowDegradedFractionIsUp() {
    HealthResult result = checkWith(500, 800, 1000);

    assertThat(result.status()).isEqualTo(Status.UP);
    assertThat(result.details())
        .containsEntry("usedBytes", 500L)
        .containsEntry("committedBytes", 800L)
        .containsEntry("maxBytes", 1000L)
        .containsEntry("limitBytes", 1000L)
        .containsEntry("usedFraction", 0.5)
        .containsEntry("degradedFraction", 0.85)
        .containsEntry("downFraction", 0.95);
  }

  @Test
  void heapAtDegradedFractionIsDegraded() {
    assertThat(checkWith(85, 90, 100).status()).isEqualTo(Status.DEGRADED);
  }

  @Test
  void heapJustBelowDownFractionIsDegraded() {
    assertThat(checkWith(949, 1000, 1000).status()).isEqualTo(Status.DEGRADED);
  }

  @Test
  void heapAtDownFractionIsDown() {
    assertThat(checkWith(95, 100, 100).status()).isEqualTo(Status.DOWN);
  }

  @Test
  void heapAboveDownFractionIsDown() {
    HealthResult result = checkWith(99, 100, 100);

    assertThat(result.status()).isEqualTo(Status.DOWN);
    assertThat(result.message()).hasValueSatisfying(m -> assertThat(m).contains("99.0% used"));
  }

  @Test
  void withoutAMaximumTheCommittedHeapIsTheLimit() {
    HealthResult result = checkWith(90, 100, -1);

    assertThat(result.status()).isEqualTo(Status.DEGRADED);
    assertThat(result.details()).containsEntry("maxBytes", -1L).containsEntry("limitBytes", 100L);
  }

  @Test
  void noLimitAtAllIsUnknown() {
    assertThat(checkWith(0, 0, -1).status()).isEqualTo(Status.UNKNOWN);
  }

  @Test
  void realHeapIsMeasured() throws Exception {
    HealthResult result = HealthChecks.heapMemory().check();

    assertThat(result.details().get("usedBytes")).isInstanceOf(Long.class);
    assertThat((Long) result.details().get("usedBytes")).isPositive();
    assertThat((Long) result.details().get("limitBytes")).isPositive();
  }

  @Test
  void fractionsOfOneAreAccepted() {
    assertThatCode(() -> HealthChecks.heapMemory(1, 1)).doesNotThrowAnyException();
  }

  @Test
  void equalFractionsAreAccepted() {
    assertThatCode(() -> HealthChecks.heapMemory(0.9, 0.9)).doesNotThrowAnyException();
  }

  @Test
  void zeroDegradedFractionIsRejected() {
    assertThatThrownBy(() -> HealthChecks.heapMemory(0, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("degradedFraction");
  }

  @Test
  void downFractionAboveOneIsRejected() {
    assertThatThrownBy(() -> HealthChecks.heapMemory(0.85, 1.01))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("downFraction");
  }

  @Test
  void negativeFractionIsRejected() {
    assertThatThrownBy(() -> HealthChecks.heapMemory(0.5, -0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("downFraction");
  }

  @Test
  void nanFractionIsRejected() {
    assertThatThrownBy(() -> HealthChecks.heapMemory(Double.NaN, 0.95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("degradedFraction");
  }

  @Test
  void degradedFractionAboveDownFractionIsRejected() {
    assertThatThrownBy(() -> HealthChecks.heapMemory(0.95, 0.85))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("degradedFraction")
        .hasMessageContaining("downFraction");
  }
}
