package org.raktakosh.stability.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GzipResponseTokensTest {

  @ParameterizedTest(name = "[{0}] has {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "accept-encoding|accept-encoding|true",
        "Accept-Encoding|accept-encoding|true",
        "Origin, Accept-Encoding|accept-encoding|true",
        "Origin,accept-encoding ,User-Agent|accept-encoding|true",
        "'  \taccept-encoding\t '|accept-encoding|true",
        "Origin|accept-encoding|false",
        "Accept-Encodings|accept-encoding|false",
        "X-Accept-Encoding|accept-encoding|false",
        "''|accept-encoding|false",
        "',,'|accept-encoding|false",
        "'Origin,'|accept-encoding|false",
        "no-transform|no-transform|true",
        "max-age=60, No-Transform|no-transform|true",
        "max-age=60|max-age|true",
        "private=\"no-transform\"|no-transform|false",
        "*|*|true",
        "Origin, *|*|true",
      })
  void findsTokensCaseInsensitivelyWithoutParameters(String value, String token, boolean has) {
    assertThat(GzipResponse.hasToken(value, token)).isEqualTo(has);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"|no-transform"})
  void aMissingValueHasNoToken(String value, String token) {
    assertThat(GzipResponse.hasToken(value, token)).isFalse();
  }
}
