package org.raktakosh.stability.servlet;

import jakarta.servlet.http.HttpServletRequest;
import org.raktakosh.stability.problem.Problem;

/**
 * Hears what {@link ErrorRecoveryFilter} did; {@link ErrorMetrics} counts it. Methods have empty
 * defaults; a listener that throws is logged and ignored.
 */
public interface ErrorListener {

  /** A failure became {@code problem}; {@code error} is null for a bodiless {@code sendError}. */
  default void onProblem(HttpServletRequest request, Problem problem, Throwable error) {}

  /** A failure arrived after the response was committed, so nothing could be written. */
  default void onCommitted(HttpServletRequest request, Throwable error) {}

  /** The client went away mid-request; not counted as a server error. */
  default void onClientAbort(HttpServletRequest request, Throwable error) {}
}
