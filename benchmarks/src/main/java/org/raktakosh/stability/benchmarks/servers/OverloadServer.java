package org.raktakosh.stability.benchmarks.servers;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.raktakosh.stability.servlet.StabilityInstaller;

/**
 * The server behind {@code benchmarks/overload-wrk.sh}: Jetty 12 on loopback with the stability
 * stack from properties, a concurrency limit of 50, and {@code /work}, which takes 10 ms.
 *
 * <p>Arguments: port (0 = any; the chosen port is printed as {@code PORT=<n>}), the concurrency
 * limit ({@code 0} = no limit) and the most worker threads (default 200, Jetty's default).
 */
public final class OverloadServer {

  private OverloadServer() {}

  /** Starts the server and blocks until it is stopped. */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    int limit = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 200;

    Properties properties = new Properties();
    properties.setProperty("stability.concurrency-limit.enabled", Boolean.toString(limit > 0));
    if (limit > 0) {
      properties.setProperty("stability.concurrency-limit.max-concurrent", Integer.toString(limit));
    }
    StabilityInstaller installer = StabilityInstaller.fromProperties(properties);

    Server server = new Server(new QueuedThreadPool(threads, Math.min(8, threads)));
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new TenMillis()), "/work");
    context.setContextPath("/");
    context.addServletContainerInitializer(
        (classes, servletContext) -> installer.install(servletContext));
    server.setHandler(context);
    server.start();
    System.out.println("PORT=" + connector.getLocalPort());
    System.out.flush();
    server.join();
  }

  /** Answers a small JSON after 10 ms, the time of a quick database call. */
  private static final class TenMillis extends HttpServlet {
    private static final byte[] BODY = "{\"donors\":[]}".getBytes(StandardCharsets.UTF_8);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      response.setContentType("application/json");
      response.setContentLength(BODY.length);
      response.getOutputStream().write(BODY);
    }
  }
}
