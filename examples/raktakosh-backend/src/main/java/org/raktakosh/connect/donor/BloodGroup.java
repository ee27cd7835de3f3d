package org.raktakosh.connect.donor;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** The eight ABO/Rh blood groups, written as donors and hospitals write them ("AB+"). */
public enum BloodGroup {
  /** A positive. */
  A_POSITIVE("A+"),
  /** A negative. */
  A_NEGATIVE("A-"),
  /** B positive. */
  B_POSITIVE("B+"),
  /** B negative. */
  B_NEGATIVE("B-"),
  /** AB positive. */
  AB_POSITIVE("AB+"),
  /** AB negative. */
  AB_NEGATIVE("AB-"),
  /** O positive. */
  O_POSITIVE("O+"),
  /** O negative. */
  O_NEGATIVE("O-");

  /** The accepted labels, as a regular expression for request validation. */
  public static final String PATTERN = "A\\+|A-|B\\+|B-|AB\\+|AB-|O\\+|O-";

  private final String label;

  BloodGroup(String label) {
    this.label = label;
  }

  /** The label, such as {@code "O-"}; this is also the JSON form. */
  @JsonValue
  public String label() {
    return label;
  }

  /**
   * The group labelled {@code label}, ignoring case and surrounding spaces. A space in place of the
   * sign also reads as '+', because an unencoded '+' in a query string arrives as a space ({@code
   * ?bloodGroup=O+} means O+, not "O ").
   */
  public static Optional<BloodGroup> fromLabel(String label) {
    if (label == null) {
      return Optional.empty();
    }
    String trimmed = label.strip().toUpperCase(Locale.ROOT);
    boolean signLost = label.endsWith(" ") && !trimmed.endsWith("+") && !trimmed.endsWith("-");
    String normalised = signLost ? trimmed + "+" : trimmed;
    for (BloodGroup group : values()) {
      if (group.label.equals(normalised)) {
        return Optional.of(group);
      }
    }
    return Optional.empty();
  }
}
