package org.raktakosh.stability.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.raktakosh.stability.internal.json.JsonWriter;

/**
 * Problem details for HTTP APIs per RFC 9457, written as {@value #MEDIA_TYPE}. Immutable; build
 * with {@link #builder(int)}.
 *
 * <p>{@code type} defaults to {@code about:blank}, in which case {@code title} defaults to the
 * status's reason phrase, as the RFC asks. Extension members must be named as the RFC recommends (a
 * letter, then letters, digits or underscores, at least three characters) and may not reuse a
 * standard member's name.
 */
public final class Problem {

  /** The media type of a problem document. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** The default problem type. */
  public static final String ABOUT_BLANK = "about:blank";

  private static final Pattern EXTENSION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{2,}");
  private static final Set<String> STANDARD_MEMBERS =
      Set.of("type", "title", "status", "detail", "instance");

  private final String type;
  private final String title;
  private final int status;
  private final String detail;
  private final String instance;
  private final Map<String, Object> extensions;

  private Problem(Builder builder) {
    this.type = builder.type;
    this.status = builder.status;
    this.title =
        builder.title != null
            ? builder.title
            : (ABOUT_BLANK.equals(builder.type) ? HttpStatusPhrases.of(builder.status) : null);
    this.detail = builder.detail;
    this.instance = builder.instance;
    this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(builder.extensions));
  }

  /**
   * A builder for a problem with HTTP status {@code status}.
   *
   * @throws IllegalArgumentException if {@code status} is not between 100 and 599
   */
  public static Builder builder(int status) {
    return new Builder(status);
  }

  /** A problem with only {@code status} (type {@code about:blank}, title its reason phrase). */
  public static Problem of(int status) {
    return builder(status).build();
  }

  /** A builder that starts as a copy of this problem. */
  public Builder toBuilder() {
    Builder builder = new Builder(status).type(type).detail(detail).instance(instance);
    builder.title = title;
    builder.extensions.putAll(extensions);
    return builder;
  }

  /** The problem type, a URI reference; {@code about:blank} by default. */
  public String type() {
    return type;
  }

  /** A short summary of the problem type; the reason phrase for {@code about:blank}. */
  public Optional<String> title() {
    return Optional.ofNullable(title);
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** An explanation of this occurrence, if any. */
  public Optional<String> detail() {
    return Optional.ofNullable(detail);
  }

  /** A URI reference identifying this occurrence (usually the request path), if any. */
  public Optional<String> instance() {
    return Optional.ofNullable(instance);
  }

  /** Extension members in insertion order (unmodifiable). */
  public Map<String, Object> extensions() {
    return extensions;
  }

  /** This problem as an {@value #MEDIA_TYPE} document. */
  public String toJson() {
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("type", type);
    if (title != null) {
      members.put("title", title);
    }
    members.put("status", status);
    if (detail != null) {
      members.put("detail", detail);
    }
    if (instance != null) {
      members.put("instance", instance);
    }
    members.putAll(extensions);
    return JsonWriter.write(members);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Problem)) {
      return false;
    }
    Problem that = (Problem) o;
    return status == that.status
        && type.equals(that.type)
        && Objects.equals(title, that.title)
        && Objects.equals(detail, that.detail)
        && Objects.equals(instance, that.instance)
        && extensions.equals(that.extensions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, title, status, detail, instance, extensions);
  }

  @Override
  public String toString() {
    return "Problem" + toJson();
  }

  /** Builds a {@link Problem}; each setter rejects a bad value at once. */
  public static final class Builder {
    private final int status;
    private String type = ABOUT_BLANK;
    private String title;
    private String detail;
    private String instance;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    private Builder(int status) {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("status must be between 100 and 599: " + status);
      }
      this.status = status;
    }

    /**
     * Sets the type; {@code null} or blank means {@code about:blank}.
     *
     * @throws IllegalArgumentException if it holds whitespace or control characters
     */
    public Builder type(String type) {
      if (type == null || type.isBlank()) {
        this.type = ABOUT_BLANK;
        return this;
      }
      if (type.chars()
          .anyMatch(
              c ->
                  Character.isWhitespace(c)
                      || Character.isSpaceChar(c)
                      || Character.isISOControl(c))) {
        throw new IllegalArgumentException("type must be a URI reference: '" + type + "'");
      }
      this.type = type;
      return this;
    }

    /** Sets the title; {@code null} restores the default. */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /** Sets the detail; {@code null} clears it. */
    public Builder detail(String detail) {
      this.detail = detail;
      return this;
    }

    /** Sets the instance; {@code null} clears it. */
    public Builder instance(String instance) {
      this.instance = instance;
      return this;
    }

    /**
     * Adds an extension member.
     *
     * @throws IllegalArgumentException if the name breaks RFC 9457's recommendation (a letter, then
     *     letters, digits, underscores; three characters or more) or is a standard member's
     */
    public Builder extension(String name, Object value) {
      Objects.requireNonNull(name, "name");
      if (STANDARD_MEMBERS.contains(name)) {
        throw new IllegalArgumentException(
            "'" + name + "' is a standard problem member, not an extension");
      }
      if (!EXTENSION_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "extension member name must start with a letter and hold only letters, digits and"
                + " '_', three characters or more: '"
                + name
                + "'");
      }
      extensions.put(name, value);
      return this;
    }

    /** The problem. */
    public Problem build() {
      return new Problem(this);
    }
  }
}
