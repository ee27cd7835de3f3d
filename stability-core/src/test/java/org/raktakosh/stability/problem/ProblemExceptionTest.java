package org.raktakosh.stability.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ProblemExceptionTest {

  @Test
  void carriesTheProblemItWasGiven() {
    Problem problem = Problem.builder(409).detail("donor already registered").build();

    assertThat(new ProblemException(problem).problem()).isSameAs(problem);
  }

  @Test
  void messageHasStatusTitleAndDetail() {
    ProblemException error =
        new ProblemException(Problem.builder(404).detail("no donor 7").build());

    assertThat(error.getMessage()).isEqualTo("404 Not Found: no donor 7");
  }

  @Test
  void messageWithoutDetailHasStatusAndTitle() {
    assertThat(new ProblemException(Problem.of(503)).getMessage())
        .isEqualTo("503 Service Unavailable");
  }

  @Test
  void messageWithoutTitleHasStatusAndDetail() {
    Problem problem =
        Problem.builder(422).type("https://example.org/invalid").detail("bad group").build();

    assertThat(new ProblemException(problem).getMessage()).isEqualTo("422: bad group");
  }

  @Test
  void causeIsKept() {
    IOException cause = new IOException("disk");

    ProblemException error = new ProblemException(Problem.of(503), cause);

    assertThat(error.getCause()).isSameAs(cause);
    assertThat(error.problem().status()).isEqualTo(503);
  }

  @Test
  void hasNoCauseUnlessGivenOne() {
    assertThat(new ProblemException(Problem.of(500)).getCause()).isNull();
  }

  @Test
  void nullProblemIsRejected() {
    assertThatThrownBy(() -> new ProblemException(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("problem");
  }

  @Test
  void statusAndDetailConstructorBuildsAnAboutBlankProblem() {
    Problem problem = new ProblemException(400, "donor id must be numeric").problem();

    assertThat(problem.status()).isEqualTo(400);
    assertThat(problem.type()).isEqualTo(Problem.ABOUT_BLANK);
    assertThat(problem.title()).contains("Bad Request");
    assertThat(problem.detail()).contains("donor id must be numeric");
  }

  @Test
  void statusAndDetailConstructorMessageIsUseful() {
    assertThat(new ProblemException(400, "donor id must be numeric").getMessage())
        .isEqualTo("400 Bad Request: donor id must be numeric");
  }

  @Test
  void statusAndDetailConstructorAcceptsANullDetail() {
    assertThat(new ProblemException(500, null).problem().detail()).isEmpty();
  }

  @Test
  void statusAndDetailConstructorRejectsAnInvalidStatus() {
    assertThatThrownBy(() -> new ProblemException(600, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isARuntimeException() {
    assertThat(new ProblemException(500, "x")).isInstanceOf(RuntimeException.class);
  }
}
