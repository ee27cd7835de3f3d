package org.raktakosh.stability.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.raktakosh.stability.servlet.GzipConfig;

class GzipPolicyTest {

  private final GzipPolicy policy = new GzipPolicy(GzipConfig.ofDefaults());

  @AfterEach
  void close() {
    policy.close();
  }

  @Test
  void remembersDecisionsWithoutChangingThem() {
    for (int round = 0; round < 3; round++) {
      assertThat(policy.compressesType("application/json")).isTrue();
      assertThat(policy.compressesType("Application/JSON; charset=UTF-8")).isTrue();
      assertThat(policy.compressesType("image/png")).isFalse();
      assertThat(policy.compressesType("text/html;charset=utf-8")).isTrue();
      assertThat(policy.compressesType(null)).isFalse();
    }
  }

  @Test
  void decidesCorrectlyBeyondTheTypesItRemembers() {
    int types = GzipPolicy.REMEMBERED_TYPES * 3;
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < types; i++) {
        assertThat(policy.compressesType("application/x-vendor-" + i + "+json")).isTrue();
        assertThat(policy.compressesType("image/x-vendor-" + i)).isFalse();
      }
    }
  }
}
