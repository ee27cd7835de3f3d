package org.raktakosh.stability.servlet.jetty;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ConditionalHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses {@code TRACE} on Jetty 12 with 405, as Tomcat does by default.
 *
 * <p>Jetty passes {@code TRACE} on to the servlet, and {@code HttpServlet.doTrace} (which Spring's
 * {@code DispatcherServlet} uses unless told to dispatch {@code TRACE}) echoes the request back
 * with 200, its headers included: {@code Cookie} and {@code Authorization} too, which is what makes
 * {@code TRACE} a tool for cross-site tracing and why security scanners flag it. This handler
 * answers it before any context sees it: 405 with {@code Allow} naming the methods a servlet
 * dispatches other than {@code TRACE}, the body written by the server's error handler (problem JSON
 * with {@link ProblemErrorHandler}). Put it outermost, around whatever handler the server has:
 *
 * <pre>{@code
 * server.setHandler(TraceRefusal.around(server.getHandler()));
 * }</pre>
 *
 * <p>Jetty's {@link ConditionalHandler.Reject} does the refusing; this adds the {@code Allow}
 * header that a 405 must carry (RFC 9110, section 15.5.6). Jetty is an optional dependency of this
 * module: this class is only for applications that run on it.
 */
public class TraceRefusal extends ConditionalHandler.Reject {

  /**
   * The {@code Allow} header of the refusal: the methods {@code HttpServlet} dispatches to its
   * {@code doXxx} methods, {@code TRACE} left out.
   */
  public static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH";

  /** A refusal with no handler yet; set the one it guards with {@link #setHandler(Handler)}. */
  public TraceRefusal() {
    super(HttpStatus.METHOD_NOT_ALLOWED_405);
    includeMethod("TRACE");
  }

  /**
   * A refusal around {@code handler}: everything but {@code TRACE} goes on to it.
   *
   * @param handler the handler the server had, e.g. {@link Server#getHandler()}
   * @return the handler to set on the server in its place
   */
  public static TraceRefusal around(Handler handler) {
    TraceRefusal refusal = new TraceRefusal();
    refusal.setHandler(handler);
    return refusal;
  }

  @Override
  protected boolean onConditionsMet(Request request, Response response, Callback callback)
      throws Exception {
    response.getHeaders().put(HttpHeader.ALLOW, ALLOWED_METHODS);
    return super.onConditionsMet(request, response, callback);
  }
}
