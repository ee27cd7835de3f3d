package org.raktakosh.stability.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class OriginMatcherTest {

  private static OriginMatcher exact(String... origins) {
    return OriginMatcher.of("o", List.of(origins), "p", List.of());
  }

  private static OriginMatcher patterns(String... patterns) {
    return OriginMatcher.of("o", List.of(), "p", List.of(patterns));
  }

  @Test
  void exactOriginsCompareSchemeAndHostCaseInsensitivelyAndDropDefaultPorts() {
    OriginMatcher matcher = exact("https://RaktaKosh.org", "http://localhost:5173");

    assertThat(matcher.matches("https://raktakosh.org")).isTrue();
    assertThat(matcher.matches("HTTPS://raktakosh.ORG:443")).isTrue();
    assertThat(matcher.matches("http://raktakosh.org")).isFalse();
    assertThat(matcher.matches("https://raktakosh.org:8443")).isFalse();
    assertThat(matcher.matches("http://localhost:5173")).isTrue();
    assertThat(matcher.matches("http://localhost:5174")).isFalse();
    assertThat(matcher.matches("http://localhost")).isFalse();
  }

  @Test
  void malformedRequestOriginsNeverMatch() {
    OriginMatcher matcher = patterns("http://localhost:[*]");

    assertThat(matcher.matches("localhost:5173")).isFalse();
    assertThat(matcher.matches("http://localhost:99999")).isFalse();
    assertThat(matcher.matches("http://localhost:51x3")).isFalse();
    assertThat(matcher.matches("http://user@localhost")).isFalse();
    assertThat(matcher.matches("http://localhost/path")).isFalse();
    assertThat(matcher.matches("null")).isFalse();
    assertThat(matcher.matches((String) null)).isFalse();
    assertThat(matcher.matches((OriginMatcher.Origin) null)).isFalse();
  }

  @Test
  void wildcardHostsMatchSubDomainsOnly() {
    OriginMatcher matcher = patterns("https://*.raktakosh.org");

    assertThat(matcher.matches("https://app.raktakosh.org")).isTrue();
    assertThat(matcher.matches("https://a.b.raktakosh.org")).isTrue();
    assertThat(matcher.matches("https://raktakosh.org")).isFalse();
    assertThat(matcher.matches("https://xraktakosh.org")).isFalse();
    assertThat(matcher.matches("https://app.raktakosh.org:8443")).isFalse();
    assertThat(matcher.matches("https://*.raktakosh.org")).as("a literal star").isFalse();
  }

  @Test
  void portListsAndIpv6LiteralsAreMatched() {
    OriginMatcher matcher = patterns("http://localhost:[8080, 8081]", "http://[::1]:[*]");

    assertThat(matcher.matches("http://localhost:8081")).isTrue();
    assertThat(matcher.matches("http://localhost:8082")).isFalse();
    assertThat(matcher.matches("http://[::1]:5173")).isTrue();
    assertThat(matcher.matches("http://[::1]")).isTrue();
  }

  @Property
  void anyPortPatternAllowsEveryPort(@ForAll @IntRange(min = 0, max = 65535) int port) {
    assertThat(patterns("http://localhost:[*]").matches("http://localhost:" + port)).isTrue();
    assertThat(exact("http://localhost:" + port).matches("http://LOCALHOST:" + port)).isTrue();
  }

  @Test
  void malformedConfigurationIsRefusedNamingTheSetting() {
    for (String bad :
        List.of(
            "raktakosh.org",
            "https://app.*.org",
            "https://*",
            "https://a.org:[x]",
            "https://a.org:8080,8081",
            "https://a.org/path",
            "://a.org")) {
      assertThatThrownBy(() -> patterns(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("p entry '" + bad + "' is malformed");
    }
    assertThatThrownBy(() -> exact("https://*.a.org")).hasMessageStartingWith("o entries");
    assertThatThrownBy(() -> exact("https://a.org:[*]")).hasMessageStartingWith("o entries");
  }

  @Test
  void anOriginIsComparedWithTheRequestsOwnSchemeHostAndPort() {
    OriginMatcher.Origin origin = OriginMatcher.Origin.parse("https://API.example.org");
    OriginMatcher.Origin ipv6 = OriginMatcher.Origin.parse("http://[::1]:8003");

    assertThat(origin.sameAs("HTTPS", "api.example.org", 443)).isTrue();
    assertThat(origin.sameAs("https", "api.example.org", 8443)).isFalse();
    assertThat(origin.sameAs("http", "api.example.org", 443)).isFalse();
    assertThat(origin.sameAs("https", "www.example.org", 443)).isFalse();
    assertThat(ipv6.sameAs("http", "::1", 8003)).isTrue();
    assertThat(ipv6.sameAs("http", "[::1]", 8003)).isTrue();
    assertThat(ipv6.sameAs("http", "::2", 8003)).isFalse();
    assertThat(origin.toString()).isEqualTo("https://api.example.org");
  }

  @Test
  void starAllowsEverythingAndNothingIsEmpty() {
    assertThat(exact("*").any()).isTrue();
    assertThat(exact("*").matches("https://whatever.example")).isTrue();
    assertThat(exact().isEmpty()).isTrue();
  }
}
