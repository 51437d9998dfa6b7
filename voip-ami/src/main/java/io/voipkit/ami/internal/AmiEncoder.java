package io.voipkit.ami.internal;

import io.voipkit.core.internal.Checks;

import java.nio.charset.StandardCharsets;

/**
 * Turns an {@link AmiAction} into the bytes of one AMI frame:
 * {@code Action: X\r\nActionID: Y\r\nName: value\r\n...\r\n}. Values are written verbatim after
 * one space (so {@code Empty: } and values with {@code ": "} round-trip) and encoded as UTF-8.
 * The action was validated when it was built; the ActionID is validated here, so a frame is
 * either complete and safe or not produced at all.
 *
 * <p>Stateless and thread-safe.
 */
public final class AmiEncoder {
    private AmiEncoder() {
    }

    /**
     * Encodes {@code action} with {@code actionId}.
     *
     * @param actionId the correlation id, or {@code null} to send none (the answer then carries none)
     * @throws io.voipkit.core.InvalidRequestException when the ActionID is blank or holds CR/LF
     */
    public static byte[] encode(AmiAction action, String actionId) {
        Checks.notNull(action, "action");
        Checks.optionalWireText(actionId, "ActionID");
        String[] f = action.fieldsArray();
        StringBuilder sb = new StringBuilder(40 + f.length * 16);
        sb.append("Action: ").append(action.name()).append("\r\n");
        if (actionId != null) {
            sb.append("ActionID: ").append(actionId).append("\r\n");
        }
        for (int i = 0; i < f.length; i += 2) {
            sb.append(f[i]).append(": ").append(f[i + 1]).append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
