package org.raktakosh.stability.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.tomcat.util.http.fileupload.FileUploadException;
import org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.SizeLimitExceededException;
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
  void tomcatsMultipartFailuresAreTheClientsTooLargeOnesA413() {
    Throwable noBoundary =
        new FileUploadException("the request was rejected because no multipart boundary was found");
    // As Spring's MultipartException wraps it.
    assertThat(ContainerStatuses.of(new IllegalStateException("parse failed", noBoundary)))
        .hasValue(400);
    assertThat(ContainerStatuses.of(new SizeLimitExceededException("too large", 20, 10)))
        .hasValue(413);
    assertThat(ContainerStatuses.of(new FileCountLimitExceededException("too many parts", 10)))
        .hasValue(413);
  }

  @Test
  void otherExceptionsCarryNone() {
    assertThat(ContainerStatuses.of(new IllegalStateException("ours"))).isEmpty();
    assertThat(ContainerStatuses.of(new IOException("disk full"))).isEmpty();
    assertThat(ContainerStatuses.of(new ServletException("no cause"))).isEmpty();
  }
}
