package org.raktakosh.stability.shutdown;

import java.time.Duration;

/**
 * What a shutdown did.
 *
 * @param inFlightAtDrain requests in flight when new ones began to be refused
 * @param finished of those, the ones that finished within the grace period
 * @param cutOff requests still running when the grace period ended
 * @param refused requests refused with 503 during the drain
 * @param drain time from the signal to the end of the drain (readiness delay included)
 * @param total time from the signal until the stop actions had run
 */
public record ShutdownReport(
    int inFlightAtDrain, int finished, int cutOff, long refused, Duration drain, Duration total) {}
