package org.raktakosh.stability.health.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.health.Status;

class HealthChecksTest {

  @Test
  void pingIsAlwaysUp() throws Exception {
    assertThat(HealthChecks.ping().check().status()).isEqualTo(Status.UP);
  }

  @Test
  void httpFactoryUsesTheDefaultBreaker() {
    HttpDependencyCheck check =
        (HttpDependencyCheck) HealthChecks.http(URI.create("http://127.0.0.1:9/health"));

    assertThat(check.circuitBreaker().getCircuitBreakerConfig().getSlidingWindowSize())
        .isEqualTo(HttpDependencyCheck.DEFAULT_SLIDING_WINDOW_SIZE);
    assertThat(
            check
                .circuitBreaker()
                .getCircuitBreakerConfig()
                .getPermittedNumberOfCallsInHalfOpenState())
        .isEqualTo(HttpDependencyCheck.DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE);
  }

  @Test
  void httpFactoryRejectsANonHttpUri() {
    assertThatThrownBy(() -> HealthChecks.http(URI.create("ftp://example.org/health")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("uri");
  }
}
