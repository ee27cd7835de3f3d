package org.raktakosh.stability.benchmarks.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A load client that can tell a refused request from a lost one, for the shutdown-under-load run of
 * {@code benchmarks/stack-wrk.sh}. Each of its threads sends {@code GET <path>} over kept-alive
 * HTTP/1.1 connections until the deadline and sorts every attempt into:
 *
 * <ul>
 *   <li>answered, by status: a whole response came back (a 503 from the drain counts here);
 *   <li>not accepted: the connection could not be opened (the server had stopped listening);
 *   <li>lost: the request was written but no status line came back (reset or closed without an
 *       answer) — the number that must be zero.
 * </ul>
 *
 * <p>A request written on a kept-alive connection that the server closed while it was idle (after
 * answering the previous request with {@code Connection: close}, the client does not reuse it) is
 * the one race HTTP/1.1 cannot rule out; the client follows {@code Connection: close}, so a server
 * that sends it never meets that race.
 *
 * <p>With a fifth argument, a readiness path, the client behaves like a load balancer in front of
 * the server: a checker asks that path every 100 ms, and once it answers anything but 200 (or
 * cannot be reached) the workers stop sending, as a balancer would send them to another instance.
 * The server must then have kept serving for at least that long after readiness went down ({@code
 * stability.shutdown.readiness-delay}); the run tells whether that was enough.
 *
 * <p>Arguments: port, path, threads, seconds[, readiness path]. Prints {@code answered}, {@code
 * notAccepted}, {@code lost}, the statuses and, when following readiness, when it went down.
 */
public final class ShutdownLoad {

  private ShutdownLoad() {}

  /** Runs the load and prints the counts. */
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String path = args[1];
    int threads = Integer.parseInt(args[2]);
    long start = System.nanoTime();
    long deadline = start + Long.parseLong(args[3]) * 1_000_000_000L;
    AtomicLong outOfRotation = new AtomicLong(-1); // nanos since start when readiness went down
    if (args.length > 4) {
      Thread checker =
          new Thread(() -> followReadiness(port, args[4], deadline, start, outOfRotation), "ready");
      checker.setDaemon(true);
      checker.start();
    }

    Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    LongAdder notAccepted = new LongAdder();
    LongAdder lost = new LongAdder();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] =
          new Thread(
              () -> {
                Socket socket = null;
                while (System.nanoTime() < deadline && outOfRotation.get() < 0) {
                  try {
                    if (socket == null) {
                      socket = new Socket();
                      socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                      socket.setSoTimeout(30_000);
                    }
                  } catch (IOException refused) {
                    notAccepted.increment();
                    socket = null;
                    pause(20);
                    continue;
                  }
                  try {
                    OutputStream out = socket.getOutputStream();
                    out.write(
                        ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                  } catch (IOException writeFailed) {
                    // Nothing reached the server, or it reset the connection at once: not accepted.
                    notAccepted.increment();
                    close(socket);
                    socket = null;
                    continue;
                  }
                  try {
                    Response response = Response.read(socket.getInputStream());
                    statuses.computeIfAbsent(response.status, s -> new LongAdder()).increment();
                    if (response.close) {
                      close(socket);
                      socket = null;
                    }
                  } catch (IOException | RuntimeException noAnswer) {
                    if (noAnswer instanceof ConnectException) {
                      notAccepted.increment();
                    } else {
                      lost.increment();
                    }
                    close(socket);
                    socket = null;
                  }
                }
                close(socket);
              },
              "load-" + t);
      workers[t].start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    long answered = statuses.values().stream().mapToLong(LongAdder::sum).sum();
    Map<Integer, Long> byStatus = new TreeMap<>();
    statuses.forEach((status, count) -> byStatus.put(status, count.sum()));
    System.out.printf(
        "answered=%d notAccepted=%d lost=%d statuses=%s%s%n",
        answered,
        notAccepted.sum(),
        lost.sum(),
        byStatus,
        args.length > 4
            ? String.format(" readinessDownAfter=%.1fs", outOfRotation.get() / 1e9)
            : "");
  }

  /** Asks {@code path} every 100 ms on a new connection; records when it first fails. */
  private static void followReadiness(
      int port, String path, long deadline, long start, AtomicLong outOfRotation) {
    while (System.nanoTime() < deadline) {
      boolean ready;
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        socket.setSoTimeout(2_000);
        OutputStream out = socket.getOutputStream();
        out.write(
            ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ready = Response.read(socket.getInputStream()).status == 200;
      } catch (IOException | RuntimeException unreachable) {
        ready = false;
      }
      if (!ready) {
        outOfRotation.set(System.nanoTime() - start);
        return;
      }
      pause(100);
    }
  }

  /** Pacing of the load client itself (a probe interval, a back-off), not a wait in a test. */
  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void close(Socket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  /** The status and whether the server closes the connection; the body is read and dropped. */
  private record Response(int status, boolean close) {

    static Response read(InputStream in) throws IOException {
      String statusLine = line(in);
      if (statusLine == null || !statusLine.startsWith("HTTP/1.1 ")) {
        throw new IOException("no status line");
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      boolean close = false;
      for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
        String lower = header.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          close = true;
        }
      }
      if (chunked) {
        for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16);
            size > 0;
            size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
          in.readNBytes((int) size);
          line(in);
        }
        line(in);
      } else if (length > 0) {
        in.readNBytes((int) length);
      } else if (length < 0 && close) {
        in.readAllBytes();
      }
      return new Response(status, close);
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          return line.length() == 0 ? null : line.toString();
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }
  }
}
