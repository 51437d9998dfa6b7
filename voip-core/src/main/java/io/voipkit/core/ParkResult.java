package io.voipkit.core;

import io.voipkit.core.internal.Checks;

/**
 * Where {@link CallControl#park(String, String, java.time.Duration)} parked a call: dial
 * {@link #space()} (Asterisk) to pick it up.
 *
 * @param parkingLot the parking lot, for example {@code default}
 * @param space      the parking space (extension), for example {@code 701}
 */
public record ParkResult(String parkingLot, String space) {

    /** Validates that both values are present. */
    public ParkResult {
        Checks.wireText(parkingLot, "parkingLot");
        Checks.wireText(space, "space");
    }
}
