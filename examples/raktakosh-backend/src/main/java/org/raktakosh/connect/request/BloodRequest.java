package org.raktakosh.connect.request;

import java.time.Instant;
import java.time.LocalDate;
import org.raktakosh.connect.donor.BloodGroup;

/**
 * A hospital's request for units of blood.
 *
 * @param id the identifier given when the request was made
 * @param bloodGroup the blood group needed
 * @param units how many units, 1 to 50
 * @param hospital the hospital asking
 * @param city the hospital's city
 * @param neededBy the day the blood is needed by, or null if not given
 * @param status open until fulfilled
 * @param createdAt when the request was made
 * @param fulfilledAt when the units were taken from the inventory, or null while open
 */
public record BloodRequest(
    String id,
    BloodGroup bloodGroup,
    int units,
    String hospital,
    String city,
    LocalDate neededBy,
    RequestStatus status,
    Instant createdAt,
    Instant fulfilledAt) {}
