package org.raktakosh.stability.servlet.internal;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Tells whether a request is bound for the health servlet, at whatever path it is mounted and
 * through whichever alias ({@code /health/ready}, {@code /backup-health}): load shedding and the
 * shutdown gate let those through so that probes answer under overload and during a drain.
 */
public final class Probes {

  /** The name both the plain-servlet installer and the Spring starter register the servlet by. */
  public static final String HEALTH_SERVLET_NAME = "stabilityHealth";

  private Probes() {}

  /** Whether the container has mapped {@code request} to the health servlet. */
  public static boolean isHealthRequest(HttpServletRequest request) {
    HttpServletMapping mapping = request.getHttpServletMapping();
    return mapping != null && HEALTH_SERVLET_NAME.equals(mapping.getServletName());
  }
}
