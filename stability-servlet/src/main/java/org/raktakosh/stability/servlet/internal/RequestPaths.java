package org.raktakosh.stability.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;

/** The one way Stability's filters and servlet read a request's path. */
public final class RequestPaths {

  private RequestPaths() {}

  /**
   * The decoded, normalised path within the application: servlet path plus path info. The raw
   * request URI is not used: it still holds {@code ..} segments and path parameters, so {@code
   * /health/../api} or {@code /reports;x=1} would match rules meant for other paths.
   */
  public static String withinApplication(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    // Without a concatenation when one part is empty, as it is under a servlet mapped at "/" (the
    // whole path is the servlet path) or at "/*" (the whole path is the path info): several filters
    // ask for every request.
    String path;
    if (pathInfo == null || pathInfo.isEmpty()) {
      path = servletPath == null ? "" : servletPath;
    } else if (servletPath == null || servletPath.isEmpty()) {
      path = pathInfo;
    } else {
      path = servletPath + pathInfo;
    }
    return path.isEmpty() ? "/" : path;
  }
}
