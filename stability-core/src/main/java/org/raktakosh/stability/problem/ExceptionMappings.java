package org.raktakosh.stability.problem;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which problem an exception type becomes, e.g. {@code IllegalArgumentException} to 400. For a
 * given exception the most specific mapped type wins: its own class, else the nearest superclass,
 * else the first mapped interface found walking up from the class (its own interfaces and their
 * super-interfaces before its superclass's). Immutable; build with {@link #builder()}.
 */
public final class ExceptionMappings {

  private static final ExceptionMappings NONE = builder().build();

  private final Map<Class<?>, Mapping> mappings;

  private ExceptionMappings(Builder builder) {
    this.mappings = Collections.unmodifiableMap(new LinkedHashMap<>(builder.mappings));
  }

  /** No mappings: every exception is a 500. */
  public static ExceptionMappings none() {
    return NONE;
  }

  /** A builder with no mappings. */
  public static Builder builder() {
    return new Builder();
  }

  /** The mapping for {@code error}'s type, if any. */
  public Optional<Mapping> find(Throwable error) {
    for (Class<?> type = error.getClass(); type != null; type = type.getSuperclass()) {
      Mapping mapping = mappings.get(type);
      if (mapping != null) {
        return Optional.of(mapping);
      }
    }
    Set<Class<?>> seen = new HashSet<>();
    for (Class<?> type = error.getClass(); type != null; type = type.getSuperclass()) {
      Deque<Class<?>> faces = new ArrayDeque<>(List.of(type.getInterfaces()));
      while (!faces.isEmpty()) {
        Class<?> face = faces.removeFirst();
        if (!seen.add(face)) {
          continue;
        }
        Mapping mapping = mappings.get(face);
        if (mapping != null) {
          return Optional.of(mapping);
        }
        faces.addAll(List.of(face.getInterfaces()));
      }
    }
    return Optional.empty();
  }

  /** The mapped types (exception classes and interfaces) and their mappings (unmodifiable). */
  public Map<Class<?>, Mapping> asMap() {
    return mappings;
  }

  /**
   * What an exception type becomes.
   *
   * @param status the HTTP status
   * @param type the problem type, {@code about:blank} if null
   * @param title the title, the status's reason phrase if null
   */
  public record Mapping(int status, String type, String title) {

    /**
     * Checks the status and the type.
     *
     * @throws IllegalArgumentException if {@code status} is not 4xx or 5xx, or {@code type} is not
     *     a valid problem type (see {@link Problem.Builder#type(String)})
     */
    public Mapping {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("mapped status must be 4xx or 5xx: " + status);
      }
      Problem.builder(status).type(type);
    }

    /** The problem for this mapping. */
    public Problem.Builder toProblem() {
      return Problem.builder(status).type(type).title(title);
    }
  }

  /** Builds {@link ExceptionMappings}. */
  public static final class Builder {
    private final Map<Class<?>, Mapping> mappings = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Maps {@code type} (and its subtypes, unless they are mapped themselves) to {@code status}.
     * {@code type} is an exception class or an interface that exceptions implement.
     *
     * @throws IllegalArgumentException if {@code status} is not 4xx or 5xx, or {@code type} is a
     *     class that is not a {@link Throwable}
     */
    public Builder map(Class<?> type, int status) {
      return map(type, status, null, null);
    }

    /**
     * Maps {@code type} to {@code status}, a problem type and a title.
     *
     * @throws IllegalArgumentException if {@code status} is not 4xx or 5xx, {@code problemType} is
     *     not a valid problem type, or {@code type} is a class that is not a {@link Throwable}
     */
    public Builder map(Class<?> type, int status, String problemType, String title) {
      Objects.requireNonNull(type, "type");
      if (!type.isInterface() && !Throwable.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException(
            "mapped type must be a Throwable or an interface: " + type.getName());
      }
      mappings.put(type, new Mapping(status, problemType, title));
      return this;
    }

    /** The mappings. */
    public ExceptionMappings build() {
      return new ExceptionMappings(this);
    }
  }
}
