package org.raktakosh.stability.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpException;
import org.junit.jupiter.api.Test;

class ContainerStatusesTest {

  @Test
  void jettysExceptionsCarryTheirStatus() {
    assertThat(ContainerStatuses.of(new BadMessageException("Unable to parse form content")))
        .hasValue(400);
    assertThat(ContainerStatuses.of(new BadMessageException(431))).hasValue(431);
    assertThat(ContainerStatuses.of(new HttpException.IllegalArgumentException(413))).hasValue(413);
  }

  @Test
  void theStatusIsFoundBehindWrappers() {
    Throwable wrapped = new ServletException(new IOException(new BadMessageException("bad form")));

    assertThat(ContainerStatuses.of(wrapped)).hasValue(400);
  }

  @Test
  void otherExceptionsCarryNone() {
    assertThat(ContainerStatuses.of(new IllegalStateException("ours"))).isEmpty();
    assertThat(ContainerStatuses.of(new IOException("disk full"))).isEmpty();
    assertThat(ContainerStatuses.of(new ServletException("no cause"))).isEmpty();
  }
}
