package org.raktakosh.stability.problem;

import java.util.Objects;

/**
 * An exception that carries the HTTP answer it should become, like Spring's {@code
 * ResponseStatusException} but with no framework behind it. The error-recovery filter answers with
 * its {@link #problem()} as it is (the application chose the status, title and detail), adding only
 * the instance and the request id.
 */
public class ProblemException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Problem problem;

  /** An exception answering with {@code problem}. */
  public ProblemException(Problem problem) {
    this(problem, null);
  }

  /** An exception answering with {@code problem}, caused by {@code cause}. */
  public ProblemException(Problem problem, Throwable cause) {
    super(describe(Objects.requireNonNull(problem, "problem")), cause);
    this.problem = problem;
  }

  /**
   * An exception answering with {@code status} and {@code detail} (type {@code about:blank}).
   *
   * @throws IllegalArgumentException if {@code status} is not between 100 and 599
   */
  public ProblemException(int status, String detail) {
    this(Problem.builder(status).detail(detail).build());
  }

  /** The problem to answer with. */
  public Problem problem() {
    return problem;
  }

  private static String describe(Problem problem) {
    return problem.status()
        + problem.title().map(t -> " " + t).orElse("")
        + problem.detail().map(d -> ": " + d).orElse("");
  }
}
