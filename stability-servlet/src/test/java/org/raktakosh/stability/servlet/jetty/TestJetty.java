package org.raktakosh.stability.servlet.jetty;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A started Jetty 12 on 127.0.0.1 with {@link ProblemErrorHandler} as its error handler and a
 * servlet at {@code /api/*} that answers {@code GET} with {@code ok} and {@code DELETE} with {@code
 * deleted} (and {@code TRACE}, as {@code HttpServlet} does, with an echo).
 */
final class TestJetty {

  private TestJetty() {}

  /** Starts it, with {@link TraceRefusal} around the context when {@code refuseTrace}. */
  static Server start(boolean refuseTrace) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(
        new ServletHolder(
            new HttpServlet() {
              @Override
              protected void doGet(HttpServletRequest request, HttpServletResponse response)
                  throws IOException {
                response.setContentType("text/plain");
                response.getWriter().write("ok");
              }

              @Override
              protected void doDelete(HttpServletRequest request, HttpServletResponse response)
                  throws IOException {
                response.setContentType("text/plain");
                response.getWriter().write("deleted");
              }
            }),
        "/api/*");
    server.setHandler(refuseTrace ? TraceRefusal.around(context) : context);
    server.setErrorHandler(new ProblemErrorHandler());
    server.start();
    return server;
  }

  /** The port it listens on. */
  static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }
}
