package org.raktakosh.stability.servlet.tomcat;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.raktakosh.stability.problem.Problem;

/**
 * Tomcat's error report written as problem JSON instead of an HTML page.
 *
 * <p>Tomcat answers some requests before any filter of the application runs: a request line or
 * header it cannot parse, a path that does not decode or normalise ({@code %2F}, a bad {@code %}
 * escape, {@code /../..}), headers over its size limit, an HTTP version it does not speak, an
 * {@code Expect} or {@code Transfer-Encoding} it does not support, and {@code TRACE}. Its host's
 * error report valve writes those answers, as HTML. This valve takes its place and writes {@code
 * {"type":"about:blank","title":…,"status":…}} with {@code Content-Type: application/problem+json},
 * so that a client sees one error format whether the application or the container refused it. The
 * request's path is left out: Tomcat refused it, often because of that very path. It writes only
 * when nothing else has (the status is 4xx or 5xx and no byte of a body was written), so an error
 * page rendered by the application is kept.
 *
 * <p>The Spring Boot starter installs it on its embedded Tomcat. Elsewhere:
 *
 * <ul>
 *   <li>embedded Tomcat 11: {@code ProblemErrorReportValve.installOn(context)} before the server
 *       starts;
 *   <li>a standalone Tomcat 11: {@code errorReportValveClass=
 *       "org.raktakosh.stability.servlet.tomcat.ProblemErrorReportValve"} on the {@code <Host>} of
 *       {@code server.xml}, with the {@code stability-core} and {@code stability-servlet} jars in
 *       Tomcat's {@code lib} directory (the host loads it, not the application).
 * </ul>
 *
 * <p>Tomcat is an optional dependency of this module: this class is only for applications that run
 * on it.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

  /** Creates the valve; Tomcat may create it by class name too. */
  public ProblemErrorReportValve() {}

  /**
   * Makes this valve the error report valve of {@code context}'s host: any other error report valve
   * (Tomcat's default, or the one Spring Boot configures) is removed when the host starts, whatever
   * order the customizers ran in.
   */
  public static void installOn(Context context) {
    Container host = context.getParent();
    if (host instanceof StandardHost standardHost) {
      // Tomcat adds a valve of this class when the host starts, unless one is there already.
      standardHost.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
    }
    host.addLifecycleListener(
        event -> {
          if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
            replaceIn(host.getPipeline());
          }
        });
  }

  private static void replaceIn(Pipeline pipeline) {
    boolean installed = false;
    for (Valve valve : pipeline.getValves()) {
      if (valve instanceof ProblemErrorReportValve) {
        installed = true;
      } else if (valve instanceof ErrorReportValve) {
        pipeline.removeValve(valve);
      }
    }
    if (!installed) {
      pipeline.addValve(new ProblemErrorReportValve());
    }
  }

  /**
   * A request that arrives already answered with an error was refused by the connector after it
   * found the application (Tomcat answers {@code TRACE} with 405 and an {@code Allow} header so):
   * it is answered here, since the host would otherwise forward it to the application's error page,
   * which answers in a format of its own (Spring Boot's {@code /error}) without error recovery.
   * Everything else goes on to the host as usual, also an async request that Tomcat hands back in
   * error (the host's error handling completes its cycle).
   */
  @Override
  public void invoke(Request request, Response response) throws IOException, ServletException {
    if (response.isError()
        && !request.isAsync() // an async cycle's error dispatch: the host completes it
        && !response.isCommitted()
        && response.getContentWritten() == 0) {
      response.setSuspended(false); // sendError suspended it: writes would be dropped
      report(request, response, null);
      return;
    }
    super.invoke(request, response);
  }

  @Override
  protected void report(Request request, Response response, Throwable failure) {
    int status = response.getStatus();
    if (status < 400
        || status > 599
        || response.getContentWritten() > 0
        || !response.setErrorReported()) {
      return;
    }
    try {
      response.setContentType(Problem.MEDIA_TYPE);
      Writer writer = response.getReporter();
      if (writer == null) {
        return; // the application took the output stream: only the status goes out
      }
      writer.write(Problem.of(status).toJson()); // ASCII only: the response's charset is moot
      response.finishResponse();
    } catch (IOException | IllegalStateException clientGoneOrResponseClosed) {
      // Nothing more can be said to this client.
    }
  }
}
