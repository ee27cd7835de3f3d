package org.raktakosh.connect;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Requests over a raw socket, for what {@code HttpClient} does not let a caller send. */
public final class RawHttp {

  private RawHttp() {}

  /**
   * Sends {@code GET path} with the given {@code Host} header (which {@code HttpClient} does not
   * let a caller set) and returns the answer's status.
   */
  public static int status(int port, String path, String host) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String answer =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      return Integer.parseInt(answer.split("\r\n", 2)[0].split(" ")[1]);
    }
  }
}
