package org.raktakosh.stability.benchmarks;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.raktakosh.stability.servlet.GzipConfig;
import org.raktakosh.stability.servlet.GzipFilter;

/**
 * One Jetty 12 server for {@code benchmarks/gzip-wrk.sh}, serving the same JSON three ways: {@code
 * /ours/*} through {@link GzipFilter}, {@code /jetty/*} through Jetty's own {@link GzipHandler},
 * {@code /plain/*} uncompressed. Under each, {@code /64k} and {@code /1k} are 64 KiB and 1 KiB of
 * JSON, written without a {@code Content-Length}, as Spring's JSON converters do.
 *
 * <p>Both compressors use deflate level 6 (zlib's and Jetty's default, ours too) unless the second
 * argument sets our level. Usage: {@code java -cp benchmarks.jar
 * org.raktakosh.stability.benchmarks.GzipBenchServer [port] [level]}.
 */
public final class GzipBenchServer {

  private GzipBenchServer() {}

  /** About {@code size} bytes of donor-like JSON. */
  static byte[] json(int size) {
    StringBuilder out = new StringBuilder(size + 128).append("{\"donors\":[");
    String[] groups = {"O+", "O-", "A+", "A-", "B+", "B-", "AB+", "AB-"};
    for (int i = 0; out.length() < size - 90; i++) {
      out.append(i == 0 ? "" : ",")
          .append("{\"id\":")
          .append(i)
          .append(",\"name\":\"Donor ")
          .append(i)
          .append("\",\"bloodGroup\":\"")
          .append(groups[i % groups.length])
          .append("\",\"city\":\"Kathmandu\",\"available\":")
          .append(i % 3 != 0)
          .append('}');
    }
    out.append("]}");
    while (out.length() < size) {
      out.insert(out.length() - 2, ' ');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Starts the server and blocks. */
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8099;
    int level = args.length > 1 ? Integer.parseInt(args[1]) : GzipConfig.DEFAULT_LEVEL;
    QueuedThreadPool threads = new QueuedThreadPool(200);
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);

    ServletContextHandler ours = context("/ours");
    FilterHolder filter =
        new FilterHolder(new GzipFilter(GzipConfig.custom().level(level).build()));
    filter.setAsyncSupported(true);
    ours.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));

    ServletContextHandler jetty = context("/jetty");
    jetty.insertHandler(new GzipHandler()); // Jetty's documented way: inside the context

    ContextHandlerCollection contexts =
        new ContextHandlerCollection(ours, jetty, context("/plain"));
    server.setHandler(contexts);
    server.start();
    System.out.println(
        "gzip bench server on http://127.0.0.1:" + port + " (our level " + level + ")");
    server.join();
  }

  private static ServletContextHandler context(String path) {
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath(path);
    context.addServlet(new ServletHolder(new JsonServlet()), "/*");
    return context;
  }

  /** Writes the precomputed JSON for {@code /64k} and {@code /1k}. */
  private static final class JsonServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final byte[] large = json(64 * 1024);
    private final byte[] small = json(1024);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      String path = request.getPathInfo();
      byte[] body = "/1k".equals(path) ? small : "/64k".equals(path) ? large : null;
      if (body == null) {
        response.sendError(404);
        return;
      }
      response.setContentType("application/json");
      response.getOutputStream().write(body);
    }
  }
}
