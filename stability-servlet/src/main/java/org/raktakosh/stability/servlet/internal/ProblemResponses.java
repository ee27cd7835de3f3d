package org.raktakosh.stability.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.raktakosh.stability.problem.Problem;
import org.raktakosh.stability.servlet.RequestIdFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes problem responses the same way for every filter. */
public final class ProblemResponses {

  private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

  private ProblemResponses() {}

  /**
   * A problem builder for {@code status} with the request's path as {@code instance} and its id as
   * {@code requestId}.
   */
  public static Problem.Builder forRequest(HttpServletRequest request, int status) {
    return Problem.builder(status)
        .instance(request.getRequestURI())
        .extension("requestId", RequestIdFilter.requestId(request).orElse(null));
  }

  /**
   * Replaces whatever is buffered with {@code problem}: status, {@code application/problem+json},
   * {@code Content-Length}, {@code Cache-Control: no-store}; headers set by outer filters stay,
   * {@code Content-Encoding} and {@code Content-Range} go. Nothing happens if the response is
   * committed; a failure to write (the client left) is logged at DEBUG.
   *
   * @return whether the problem was written
   */
  public static boolean write(HttpServletResponse response, Problem problem) {
    if (response.isCommitted()) {
      return false;
    }
    byte[] body = problem.toJson().getBytes(StandardCharsets.UTF_8);
    try {
      response.resetBuffer();
      response.setStatus(problem.status());
      response.setHeader("Content-Encoding", null);
      response.setHeader("Content-Range", null);
      response.setHeader("Cache-Control", "no-store");
      response.setContentType(Problem.MEDIA_TYPE);
      try {
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
      } catch (IllegalStateException writerInUse) {
        // The handler took getWriter(): answer through it. Its encoding is fixed already, so the
        // byte length is unknown and Content-Length is left to the container.
        response.setContentLengthLong(-1);
        response.getWriter().write(problem.toJson());
      }
      response.flushBuffer();
      return true;
    } catch (IOException | IllegalStateException e) {
      // getWriter() was already used, or the client left while we answered: nothing more to do.
      log.debug("Could not write the problem response", e);
      return false;
    }
  }
}
