package org.raktakosh.stability.health;

import java.time.Instant;

/**
 * A check's status changed between two runs.
 *
 * @param check the check's name
 * @param previous the status before ({@link Status#UNKNOWN} before the first run)
 * @param current the status now
 * @param result the result that brought the change
 * @param at when the run that brought the change ended
 */
public record StatusChange(
    String check, Status previous, Status current, HealthResult result, Instant at) {}
