package org.raktakosh.stability.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one run of a {@link HealthCheck}: a status, an optional message, details (small
 * values such as numbers and strings, shown only to callers allowed to see details) and the error
 * that caused a failure, if any. Immutable.
 */
public final class HealthResult {

  private final Status status;
  private final String message;
  private final Map<String, Object> details;
  private final Throwable error;

  private HealthResult(Builder builder) {
    this.status = builder.status;
    this.message = builder.message;
    this.details = Collections.unmodifiableMap(new LinkedHashMap<>(builder.details));
    this.error = builder.error;
  }

  /** A result with status {@link Status#UP} and no message. */
  public static HealthResult up() {
    return builder(Status.UP).build();
  }

  /** A result with status {@link Status#UP} and {@code message}. */
  public static HealthResult up(String message) {
    return builder(Status.UP).message(message).build();
  }

  /** A result with status {@link Status#DEGRADED} and {@code message}. */
  public static HealthResult degraded(String message) {
    return builder(Status.DEGRADED).message(message).build();
  }

  /** A result with status {@link Status#DOWN} and {@code message}. */
  public static HealthResult down(String message) {
    return builder(Status.DOWN).message(message).build();
  }

  /** A result with status {@link Status#DOWN} caused by {@code error}. */
  public static HealthResult down(Throwable error) {
    return builder(Status.DOWN).error(error).build();
  }

  /** A result with status {@link Status#UNKNOWN} and {@code message}. */
  public static HealthResult unknown(String message) {
    return builder(Status.UNKNOWN).message(message).build();
  }

  /** A builder for a result with {@code status}. */
  public static Builder builder(Status status) {
    return new Builder(status);
  }

  /** A builder that starts as a copy of this result. */
  public Builder toBuilder() {
    Builder builder = new Builder(status).message(message).error(error);
    builder.details.putAll(details);
    return builder;
  }

  /** The status. */
  public Status status() {
    return status;
  }

  /** A short human-readable message, if the check gave one. */
  public Optional<String> message() {
    return Optional.ofNullable(message);
  }

  /** Details in the order the check added them; unmodifiable. */
  public Map<String, Object> details() {
    return details;
  }

  /** The exception that made the check fail, if any. */
  public Optional<Throwable> error() {
    return Optional.ofNullable(error);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof HealthResult)) {
      return false;
    }
    HealthResult that = (HealthResult) o;
    return status == that.status
        && Objects.equals(message, that.message)
        && details.equals(that.details)
        && Objects.equals(error, that.error);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, message, details, error);
  }

  @Override
  public String toString() {
    return "HealthResult{status="
        + status
        + (message == null ? "" : ", message=" + message)
        + (details.isEmpty() ? "" : ", details=" + details)
        + (error == null ? "" : ", error=" + error.getClass().getName())
        + '}';
  }

  /** Builds a {@link HealthResult}. */
  public static final class Builder {
    private final Status status;
    private final Map<String, Object> details = new LinkedHashMap<>();
    private String message;
    private Throwable error;

    private Builder(Status status) {
      this.status = Objects.requireNonNull(status, "status");
    }

    /** Sets the message; {@code null} clears it. */
    public Builder message(String message) {
      this.message = message;
      return this;
    }

    /**
     * Adds a detail. Values should be strings, numbers, booleans, temporal values, or lists and
     * maps of those: they are written as JSON.
     *
     * @throws NullPointerException if {@code key} or {@code value} is null
     */
    public Builder detail(String key, Object value) {
      details.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Sets the error that caused the result; {@code null} clears it. */
    public Builder error(Throwable error) {
      this.error = error;
      return this;
    }

    /** The result. */
    public HealthResult build() {
      return new HealthResult(this);
    }
  }
}
