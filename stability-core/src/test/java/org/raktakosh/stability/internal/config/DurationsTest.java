package org.raktakosh.stability.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "250, PT0.25S",
    "30s, PT30S",
    "5m, PT5M",
    "1h, PT1H",
    "2d, PT48H",
    "10us, PT0.00001S",
    "7ns, PT0.000000007S",
    "PT30S, PT30S",
    "' 45S ', PT45S",
    "-1s, PT-1S"
  })
  void parsesTheFormsSpringBootAccepts(String text, String expected) {
    assertThat(Durations.parse("k", text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "30 seconds", "1w", "abc", "PT", "99999999999999999999s"})
  void rejectsAnythingElseNamingTheKey(String text) {
    assertThatThrownBy(() -> Durations.parse("stability.health.slow-threshold", text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("stability.health.slow-threshold must be a duration");
  }

  @org.junit.jupiter.api.Test
  void rejectsNull() {
    assertThatThrownBy(() -> Durations.parse("k", null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
