package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitConfigTest {

  @Test
  void defaults() {
    RateLimitConfig config = RateLimitConfig.ofDefaults();

    assertThat(config.limitForPeriod()).isEqualTo(100);
    assertThat(config.refreshPeriod()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.key()).isEqualTo(RateLimitConfig.Key.CLIENT_ADDRESS);
    assertThat(config.maxKeys()).isEqualTo(10_000);
    assertThat(config.evictIdleAfter()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.excludedPaths()).containsExactly("/health");
  }

  @Test
  void limitsOfOneAreAcceptedAndZeroOrNegativeRejectedByName() {
    RateLimitConfig config = RateLimitConfig.custom().limitForPeriod(1).maxKeys(1).build();
    assertThat(config.limitForPeriod()).isEqualTo(1);
    assertThat(config.maxKeys()).isEqualTo(1);

    assertThatThrownBy(() -> RateLimitConfig.custom().limitForPeriod(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limitForPeriod");
    assertThatThrownBy(() -> RateLimitConfig.custom().limitForPeriod(-1))
        .hasMessageContaining("limitForPeriod");
    assertThatThrownBy(() -> RateLimitConfig.custom().maxKeys(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxKeys");
  }

  @Test
  void zeroOrNegativeDurationsAreRejectedByName() {
    assertThatThrownBy(() -> RateLimitConfig.custom().refreshPeriod(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refreshPeriod");
    assertThatThrownBy(() -> RateLimitConfig.custom().refreshPeriod(Duration.ofSeconds(-1)))
        .hasMessageContaining("refreshPeriod");
    assertThatThrownBy(() -> RateLimitConfig.custom().evictIdleAfter(Duration.ofMinutes(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("evictIdleAfter");
    assertThatThrownBy(() -> RateLimitConfig.custom().refreshPeriod(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("refreshPeriod");
  }

  @Test
  void idleEvictionShorterThanThePeriodIsRejected() {
    RateLimitConfig.Builder builder =
        RateLimitConfig.custom()
            .refreshPeriod(Duration.ofMinutes(5))
            .evictIdleAfter(Duration.ofMinutes(1));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("evictIdleAfter")
        .hasMessageContaining("refreshPeriod");
  }

  @Test
  void headerKeyNeedsAValidHeaderNameAndComparesItIgnoringCase() {
    assertThat(RateLimitConfig.Key.header("X-Api-Key"))
        .isEqualTo(RateLimitConfig.Key.header("x-api-key"))
        .hasSameHashCodeAs(RateLimitConfig.Key.header("x-api-key"));
    assertThat(RateLimitConfig.Key.header("X-Api-Key").headerName()).contains("X-Api-Key");
    assertThatThrownBy(() -> RateLimitConfig.Key.header("X Api"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("header");
    assertThatThrownBy(() -> RateLimitConfig.Key.header(""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void excludedPathsMustBeAbsolute() {
    assertThatThrownBy(() -> RateLimitConfig.custom().excludedPaths("health"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("excludedPaths");
  }
}
