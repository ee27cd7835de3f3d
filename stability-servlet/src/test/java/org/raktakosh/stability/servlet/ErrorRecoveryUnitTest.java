package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import java.io.IOException;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Paths of the error-recovery filter that a real client cannot provoke on demand. */
class ErrorRecoveryUnitTest {

  private final FakeHttp http = new FakeHttp();
  private final ErrorRecoveryFilter filter = new ErrorRecoveryFilter();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  private void run(FilterChain chain) throws Exception {
    filter.doFilter(http.request, http.response, chain);
  }

  @Test
  void errorsAreAnsweredThenRethrown() {
    StackOverflowError overflow = new StackOverflowError();

    assertThatThrownBy(
            () ->
                run(
                    (request, response) -> {
                      throw overflow;
                    }))
        .isSameAs(overflow);
    assertThat(http.status).isEqualTo(500);
    assertThat(http.body()).contains("\"status\":500");
  }

  @Test
  void interruptedExceptionKeepsTheThreadsInterruptStatus() throws Exception {
    run(
        (request, response) -> {
          throw new ServletException("wrapped", new InterruptedException("shutting down"));
        });

    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    assertThat(http.status).isEqualTo(500);
  }

  @Test
  void clientAbortIsNeitherAnsweredNorCounted() throws Exception {
    int[] problems = {0};
    int[] aborts = {0};
    filter.addListener(
        new ErrorListener() {
          @Override
          public void onProblem(
              jakarta.servlet.http.HttpServletRequest request,
              org.raktakosh.stability.problem.Problem problem,
              Throwable error) {
            problems[0]++;
          }

          @Override
          public void onClientAbort(
              jakarta.servlet.http.HttpServletRequest request, Throwable error) {
            aborts[0]++;
          }
        });

    run(
        (request, response) -> {
          throw new EofException("reset");
        });
    run(
        (request, response) -> {
          throw new IOException("Broken pipe");
        });

    assertThat(problems[0]).isZero();
    assertThat(aborts[0]).isEqualTo(2);
    assertThat(http.body()).isEmpty();
  }

  @Test
  void clientAbortIsRecognisedThroughCauses() {
    assertThat(ErrorRecoveryFilter.isClientAbort(new ServletException(new EofException())))
        .isTrue();
    assertThat(
            ErrorRecoveryFilter.isClientAbort(
                new IOException("x", new IOException("Connection reset by peer"))))
        .isTrue();
    assertThat(ErrorRecoveryFilter.isClientAbort(new IOException("disk full"))).isFalse();
    assertThat(ErrorRecoveryFilter.isClientAbort(new IllegalStateException())).isFalse();
  }

  @Test
  void aThrowingListenerDoesNotChangeTheAnswer() throws Exception {
    filter.addListener(
        new ErrorListener() {
          @Override
          public void onProblem(
              jakarta.servlet.http.HttpServletRequest request,
              org.raktakosh.stability.problem.Problem problem,
              Throwable error) {
            throw new IllegalStateException("listener bug");
          }
        });

    run(
        (request, response) -> {
          throw new IllegalStateException("boom");
        });

    assertThat(http.status).isEqualTo(500);
  }

  @Test
  void headersOfOuterFiltersSurviveAndContentEncodingIsDropped() throws Exception {
    http.response.setHeader("Access-Control-Allow-Origin", "https://raktakosh.org");

    run(
        (request, response) -> {
          ((jakarta.servlet.http.HttpServletResponse) response)
              .setHeader("Content-Encoding", "gzip");
          throw new IllegalStateException("boom");
        });

    assertThat(http.responseHeaders)
        .containsEntry("Access-Control-Allow-Origin", "https://raktakosh.org")
        .containsEntry("Cache-Control", "no-store")
        .doesNotContainKey("Content-Encoding");
  }
}
