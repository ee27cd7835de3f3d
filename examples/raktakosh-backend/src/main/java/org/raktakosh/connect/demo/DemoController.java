package org.raktakosh.connect.demo;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /demo/*}: endpoints that misbehave on purpose, so that each Stability feature can be tried
 * by hand and by load tests. On by default (the dev set-up); {@code raktakosh.demo.enabled=false},
 * as in the {@code prod} profile, removes them.
 */
@RestController
@RequestMapping("/demo")
@ConditionalOnBooleanProperty(name = "raktakosh.demo.enabled", matchIfMissing = true)
public class DemoController {

  /** Message of the exception {@link #fail()} throws; it must never reach the client. */
  public static final String FAILURE_MESSAGE = "demo failure";

  /** Creates the controller; Spring calls this. */
  public DemoController() {}

  /**
   * Always throws, for error recovery: the client gets a 500 {@code application/problem+json}
   * carrying the request id and not the exception's message.
   */
  @GetMapping("/fail")
  public String fail() {
    throw new IllegalStateException(FAILURE_MESSAGE);
  }
}
