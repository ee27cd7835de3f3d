package org.raktakosh.stability.servlet.jetty;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.raktakosh.stability.problem.Problem;

/**
 * Jetty 12's server-wide error page written as problem JSON instead of HTML.
 *
 * <p>Jetty answers some requests before any servlet filter runs: a request line or header it cannot
 * parse, a path it finds ambiguous or illegal ({@code %2F}, a bad {@code %} escape, {@code /../..},
 * {@code <}), an HTTP version it does not speak, headers over its size limit. Its {@link
 * ErrorHandler} writes those answers as an HTML page (naming Jetty and its version). Set this one
 * on the server and they come as {@code {"type":"about:blank","title":…,"status":…}} with {@code
 * Content-Type: application/problem+json}, the format of every error the Stability filters answer:
 *
 * <pre>{@code
 * server.setErrorHandler(new ProblemErrorHandler());
 * }</pre>
 *
 * <p>The request's path and Jetty's message are left out: Jetty refused the request, often because
 * of that very path, and its message may name an exception. The {@code Cache-Control} Jetty sets on
 * error pages is kept. A status outside 400–599 (not an error) is left to Jetty's own page. Jetty
 * is an optional dependency of this module: this class is only for applications that run on it.
 */
public class ProblemErrorHandler extends ErrorHandler {

  /** Creates the handler; pass it to {@link Server#setErrorHandler}. */
  public ProblemErrorHandler() {}

  /**
   * Every method: Jetty's own page has a body only for {@code GET}, {@code POST} and {@code HEAD},
   * so a refused {@code PUT} or {@code DELETE} would get a bodiless 400. (Jetty sends no body for
   * {@code HEAD} whatever is written.)
   */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback)
      throws java.io.IOException {
    if (code < 400 || code > 599) {
      super.generateResponse(request, response, code, message, cause, callback);
      return;
    }
    byte[] body = Problem.of(code).toJson().getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
