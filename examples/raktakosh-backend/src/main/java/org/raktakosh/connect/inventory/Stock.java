package org.raktakosh.connect.inventory;

import org.raktakosh.connect.donor.BloodGroup;

/**
 * Units of one blood group in the inventory.
 *
 * @param bloodGroup the blood group
 * @param units units in stock, 0 to {@value InventoryRepository#MAX_UNITS}
 */
public record Stock(BloodGroup bloodGroup, int units) {}
