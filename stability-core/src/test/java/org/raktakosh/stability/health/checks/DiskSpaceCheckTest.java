package org.raktakosh.stability.health.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.Status;

class DiskSpaceCheckTest {

  @TempDir Path dir;

  @Test
  void enoughUsableSpaceIsUp() throws Exception {
    HealthResult result = HealthChecks.diskSpace(dir, 1).check();

    assertThat(result.status()).isEqualTo(Status.UP);
    assertThat(result.details())
        .containsEntry("path", dir.toAbsolutePath().normalize().toString())
        .containsEntry("minFreeBytes", 1L);
    assertThat((Long) result.details().get("freeBytes")).isPositive();
    assertThat((Long) result.details().get("totalBytes"))
        .isGreaterThanOrEqualTo((Long) result.details().get("freeBytes"));
  }

  @Test
  void fewerUsableBytesThanTheMinimumIsDown() throws Exception {
    HealthResult result = HealthChecks.diskSpace(dir, Long.MAX_VALUE).check();

    assertThat(result.status()).isEqualTo(Status.DOWN);
    assertThat(result.message()).hasValueSatisfying(m -> assertThat(m).contains("low disk space"));
    assertThat(result.details()).containsKeys("freeBytes", "totalBytes");
  }

  @Test
  void missingPathIsDownWithAClearMessage() throws Exception {
    Path missing = dir.resolve("not-mounted");

    HealthResult result = HealthChecks.diskSpace(missing, 0).check();

    assertThat(result.status()).isEqualTo(Status.DOWN);
    assertThat(result.message()).hasValue("path does not exist: " + missing.toAbsolutePath());
  }

  @Test
  void zeroMinimumIsAccepted() {
    assertThatCode(() -> HealthChecks.diskSpace(dir, 0)).doesNotThrowAnyException();
  }

  @Test
  void negativeMinimumIsRejected() {
    assertThatThrownBy(() -> HealthChecks.diskSpace(dir, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minFreeBytes");
  }
}
