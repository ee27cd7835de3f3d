package org.raktakosh.connect.donor;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/donors}. Validated before it reaches the controller; a violation
 * answers 400 with a problem document listing the fields.
 *
 * @param name the donor's full name
 * @param bloodGroup one of A+, A-, B+, B-, AB+, AB-, O+, O-
 * @param city the city where the donor can give blood
 * @param phone a phone number: an optional '+', then 7 to 15 digits, spaces or dashes between
 */
public record DonorRequest(
    @NotBlank @Size(max = 100) String name,
    @NotBlank
        @Pattern(
            regexp = BloodGroup.PATTERN,
            message = "must be one of A+, A-, B+, B-, AB+, AB-, O+, O-")
        String bloodGroup,
    @NotBlank @Size(max = 100) String city,
    @NotBlank
        @Pattern(
            regexp = "\\+?[0-9](?:[ -]?[0-9]){6,14}",
            message = "must be 7 to 15 digits, optionally starting with +")
        String phone) {}
