package io.voipkit.ami.internal;

import io.voipkit.core.internal.Checks;

import java.util.List;

/**
 * The answer to a list action ({@code CoreShowChannels}, {@code QueueStatus}, ...): the opening
 * response, the item events that carried the action's ActionID, and the closing
 * {@code ...Complete} event (fixture fact 6).
 *
 * <p>An empty result comes in two shapes, both represented here: an empty list
 * ({@code QueueSummary} of an unknown queue: success, no items, {@code ListItems: 0}) and an
 * error response ({@code PJSIPShowContacts} with no contacts: {@code Response: Error},
 * {@code No Contacts found}; then {@code items} is empty and {@code complete} is {@code null}).
 *
 * @param response the first answer; {@code Response: Success} with {@code EventList: start}, or an error
 * @param items    the list items in wire order, copied
 * @param complete the closing event with {@code EventList: Complete}, or {@code null} when the
 *                 response was an error or opened no list
 */
public record AmiListResponse(AmiMessage response, List<AmiMessage> items, AmiMessage complete) {

    /** Validates and copies. */
    public AmiListResponse {
        Checks.notNull(response, "response");
        items = Checks.copyOf(items, "items");
    }

    /** {@code true} when the response was {@code Success}. */
    public boolean isSuccess() {
        return response.isSuccess();
    }

    /**
     * The count the PBX announced in {@code ListItems} of the closing event, or -1 when absent or
     * not a number. Differs from {@code items().size()} only if the PBX misbehaved.
     */
    public int announcedItems() {
        String v = complete == null ? null : complete.get("ListItems");
        if (v == null) {
            return -1;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
