package org.raktakosh.stability.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostMatcherTest {

  @Test
  void entriesWithPortsMatchOnlyThatPort() {
    HostMatcher matcher = HostMatcher.of("h", List.of("example.org:8443", "[::1]:8003"));

    assertThat(matcher.matches("example.org:8443")).isTrue();
    assertThat(matcher.matches("example.org")).isFalse();
    assertThat(matcher.matches("example.org:443")).isFalse();
    assertThat(matcher.matches("[0::1]:8003")).isTrue();
    assertThat(matcher.matches("[::1]")).isFalse();
  }

  @Test
  void malformedHostValuesNeverMatch() {
    HostMatcher matcher = HostMatcher.of("h", List.of("example.org", "[::1]"));

    assertThat(matcher.matches("example.org:x")).isFalse();
    assertThat(matcher.matches("[::1")).isFalse();
    assertThat(matcher.matches("[::1]x")).isFalse();
    assertThat(matcher.matches("exa mple.org")).isFalse();
    assertThat(matcher.matches("")).isFalse();
    assertThat(matcher.matches(null)).isFalse();
  }

  @Test
  void starAllowsEveryHost() {
    assertThat(HostMatcher.of("h", List.of("*")).any()).isTrue();
    assertThat(HostMatcher.of("h", List.of("*")).matches("anything")).isTrue();
  }

  @Test
  void malformedEntriesAreRefusedNamingTheSetting() {
    for (String bad : List.of("", "a.*.org", "exa mple", "example.org:99999", "[::1", "*.")) {
      assertThatThrownBy(() -> HostMatcher.of("allowedHosts", List.of(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("allowedHosts entries")
          .hasMessageContaining("'" + bad + "'");
    }
  }
}
