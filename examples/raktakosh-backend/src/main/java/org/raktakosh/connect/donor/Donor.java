package org.raktakosh.connect.donor;

import java.time.Instant;

/**
 * A registered donor.
 *
 * @param id the identifier given at registration
 * @param name the donor's full name
 * @param bloodGroup the donor's blood group
 * @param city the city where the donor can give blood
 * @param phone the donor's phone number as entered
 * @param registeredAt when the donor registered
 */
public record Donor(
    String id,
    String name,
    BloodGroup bloodGroup,
    String city,
    String phone,
    Instant registeredAt) {}
