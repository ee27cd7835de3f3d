package org.raktakosh.stability.servlet;

import java.util.Objects;
import org.raktakosh.stability.problem.ExceptionMappings;

/**
 * Settings of {@link ErrorRecoveryFilter}. Immutable; build with {@link #custom()}.
 *
 * <ul>
 *   <li>{@code includeDetails} (default false): development mode; bodies then carry the exception's
 *       class and message and the top of its stack trace. Never turn it on in production.
 *   <li>{@code problemForSendError} (default true): a {@code sendError(4xx/5xx)} with no body also
 *       becomes a problem, so clients see one error format; so does a 4xx/5xx status left with no
 *       body, no {@code Content-Type} and no {@code Content-Length} when the chain returns, and an
 *       error the container forwards to an error page (an ERROR dispatch).
 *   <li>{@code mappings}: which exception types become which status (default none: 500).
 * </ul>
 */
public final class ErrorRecoveryConfig {

  /** Number of stack frames a development-mode body shows. */
  public static final int DETAIL_FRAMES = 10;

  private final boolean includeDetails;
  private final boolean problemForSendError;
  private final ExceptionMappings mappings;

  private ErrorRecoveryConfig(Builder builder) {
    this.includeDetails = builder.includeDetails;
    this.problemForSendError = builder.problemForSendError;
    this.mappings = builder.mappings;
  }

  /** Every default. */
  public static ErrorRecoveryConfig ofDefaults() {
    return custom().build();
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** Whether bodies carry exception class, message and stack frames (development mode). */
  public boolean includeDetails() {
    return includeDetails;
  }

  /** Whether a bodiless {@code sendError(4xx/5xx)} becomes a problem. */
  public boolean problemForSendError() {
    return problemForSendError;
  }

  /** Exception types mapped to statuses. */
  public ExceptionMappings mappings() {
    return mappings;
  }

  /** Builds {@link ErrorRecoveryConfig}. */
  public static final class Builder {
    private boolean includeDetails;
    private boolean problemForSendError = true;
    private ExceptionMappings mappings = ExceptionMappings.none();

    private Builder() {}

    /** Sets development mode. */
    public Builder includeDetails(boolean includeDetails) {
      this.includeDetails = includeDetails;
      return this;
    }

    /** Sets whether a bodiless {@code sendError} becomes a problem. */
    public Builder problemForSendError(boolean problemForSendError) {
      this.problemForSendError = problemForSendError;
      return this;
    }

    /** Sets the exception mappings. */
    public Builder mappings(ExceptionMappings mappings) {
      this.mappings = Objects.requireNonNull(mappings, "mappings");
      return this;
    }

    /** The configuration. */
    public ErrorRecoveryConfig build() {
      return new ErrorRecoveryConfig(this);
    }
  }
}
