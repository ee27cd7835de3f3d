package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitConfigTest {

  @Test
  void defaults() {
    ConcurrencyLimitConfig config = ConcurrencyLimitConfig.ofDefaults();

    assertThat(config.maxConcurrent()).isEqualTo(200);
    assertThat(config.maxWait()).isZero();
    assertThat(config.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.excludedPaths()).containsExactly("/health");
  }

  @Test
  void maxConcurrentOfOneIsAcceptedAndZeroOrNegativeIsRejectedByName() {
    assertThat(ConcurrencyLimitConfig.custom().maxConcurrent(1).build().maxConcurrent())
        .isEqualTo(1);
    assertThatThrownBy(() -> ConcurrencyLimitConfig.custom().maxConcurrent(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConcurrent");
    assertThatThrownBy(() -> ConcurrencyLimitConfig.custom().maxConcurrent(-1))
        .hasMessageContaining("maxConcurrent");
  }

  @Test
  void zeroDurationsAreAcceptedAndNegativeOnesRejectedByName() {
    ConcurrencyLimitConfig config =
        ConcurrencyLimitConfig.custom().maxWait(Duration.ZERO).retryAfter(Duration.ZERO).build();
    assertThat(config.maxWait()).isZero();

    assertThatThrownBy(() -> ConcurrencyLimitConfig.custom().maxWait(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxWait");
    assertThatThrownBy(() -> ConcurrencyLimitConfig.custom().retryAfter(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retryAfter");
    assertThatThrownBy(() -> ConcurrencyLimitConfig.custom().maxWait(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("maxWait");
  }

  @Test
  void excludedPathsMustBeAbsoluteAndMayBeEmpty() {
    assertThat(ConcurrencyLimitConfig.custom().excludedPaths().build().excludedPaths()).isEmpty();
    assertThat(
            ConcurrencyLimitConfig.custom()
                .excludedPaths("/health/", "/backup-health")
                .build()
                .excludedPaths())
        .containsExactly("/health", "/backup-health");
    assertThatThrownBy(() -> ConcurrencyLimitConfig.custom().excludedPaths("health"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("excludedPaths");
  }

  @Test
  void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
    long second = Duration.ofSeconds(1).toNanos();

    assertThat(ConcurrencyLimitFilter.wholeSeconds(-5)).isEqualTo(1);
    assertThat(ConcurrencyLimitFilter.wholeSeconds(0)).isEqualTo(1);
    assertThat(ConcurrencyLimitFilter.wholeSeconds(1)).isEqualTo(1);
    assertThat(ConcurrencyLimitFilter.wholeSeconds(second)).isEqualTo(1);
    assertThat(ConcurrencyLimitFilter.wholeSeconds(second + 1)).isEqualTo(2);
    assertThat(ConcurrencyLimitFilter.wholeSeconds(2 * second)).isEqualTo(2);
  }

  @Test
  void filterBuildsItsBulkheadFromTheConfig() {
    ConcurrencyLimitFilter filter =
        new ConcurrencyLimitFilter(
            ConcurrencyLimitConfig.custom()
                .maxConcurrent(7)
                .maxWait(Duration.ofMillis(20))
                .name("api")
                .build());

    assertThat(filter.bulkhead().getName()).isEqualTo("api");
    assertThat(filter.bulkhead().getMetrics().getMaxAllowedConcurrentCalls()).isEqualTo(7);
    assertThat(filter.bulkhead().getBulkheadConfig().getMaxWaitDuration())
        .isEqualTo(Duration.ofMillis(20));
  }
}
