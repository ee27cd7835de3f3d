package org.raktakosh.connect.request;

import jakarta.validation.constraints.FutureOrPresent;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.raktakosh.connect.donor.BloodGroup;

/**
 * The body of {@code POST /api/requests}. Validated before it reaches the controller; a violation
 * answers 400 with a problem document listing the fields.
 *
 * @param bloodGroup one of A+, A-, B+, B-, AB+, AB-, O+, O-
 * @param units how many units, 1 to 50
 * @param hospital the hospital asking
 * @param city the hospital's city
 * @param neededBy optional, an ISO date ({@code 2025-03-01}), today or later
 */
public record NewBloodRequest(
    @NotBlank
        @Pattern(
            regexp = BloodGroup.PATTERN,
            message = "must be one of A+, A-, B+, B-, AB+, AB-, O+, O-")
        String bloodGroup,
    @NotNull @Min(1) @Max(MAX_UNITS) Integer units,
    @NotBlank @Size(max = 200) String hospital,
    @NotBlank @Size(max = 100) String city,
    @FutureOrPresent LocalDate neededBy) {

  /** Most units one request may ask for; more than a hospital would order at once. */
  public static final int MAX_UNITS = 50;
}
