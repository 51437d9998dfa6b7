package io.voipkit.ami.internal.adapter;

import io.voipkit.ami.internal.AmiAction;
import io.voipkit.ami.internal.AmiConnection;
import io.voipkit.ami.internal.AmiListResponse;
import io.voipkit.ami.internal.AmiMessage;
import io.voipkit.core.PbxActionFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Reads what the live state is rebuilt from after every (re)connect: {@code PJSIPShowEndpoints},
 * {@code PJSIPShowContacts}, {@code CoreShowChannels} and {@code QueueStatus}, all four sent at
 * once on the new connection; the items go to {@code AmiStateFeed.resync}.
 *
 * <p>Two answers are not failures:
 * <ul>
 *   <li>{@code PJSIPShowContacts} with no contacts is {@code Response: Error}
 *       {@code No Contacts found} (fixture {@code pjsip-show-contacts}): an empty list.</li>
 *   <li>{@code Permission denied}: Asterisk checks actions against the user's <em>write</em>
 *       classes, so a monitoring user without {@code system} write may not list endpoints or
 *       channels (fixture {@code login-readonly-then-forbidden-action}). That part of the state
 *       then comes from events only; a WARN line says which class the user lacks.</li>
 * </ul>
 * Any other error fails the connect (or this reconnect attempt) with the PBX's message.
 */
final class LiveStateSync {
    private static final Logger LOG = LoggerFactory.getLogger(LiveStateSync.class);

    /** The items of the four lists, in wire order; empty for a list the user may not read. */
    record Items(List<AmiMessage> endpoints, List<AmiMessage> contacts, List<AmiMessage> channels,
                 List<AmiMessage> queues) {
    }

    private LiveStateSync() {
    }

    /** Sends the four list actions on {@code connection} and waits at most {@code timeout} for each. */
    static Items read(AmiConnection connection, Duration timeout, String pbxId) {
        CompletableFuture<AmiListResponse> endpoints = connection.sendList(AmiAction.of("PJSIPShowEndpoints"));
        CompletableFuture<AmiListResponse> contacts = connection.sendList(AmiAction.of("PJSIPShowContacts"));
        CompletableFuture<AmiListResponse> channels = connection.sendList(AmiAction.of("CoreShowChannels"));
        CompletableFuture<AmiListResponse> queues = connection.sendList(AmiAction.of("QueueStatus"));
        return new Items(
                items("PJSIPShowEndpoints", AmiGateway.await(endpoints, "PJSIPShowEndpoints", timeout), pbxId, "system"),
                items("PJSIPShowContacts", AmiGateway.await(contacts, "PJSIPShowContacts", timeout), pbxId, "system"),
                items("CoreShowChannels", AmiGateway.await(channels, "CoreShowChannels", timeout), pbxId,
                        "system or reporting"),
                items("QueueStatus", AmiGateway.await(queues, "QueueStatus", timeout), pbxId, "(none)"));
    }

    private static List<AmiMessage> items(String action, AmiListResponse list, String pbxId, String writeClass) {
        if (list.isSuccess()) {
            return list.items();
        }
        String msg = list.response().message();
        String lower = msg == null ? "" : msg.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("no ") && lower.contains("found")) {
            return List.of(); // "No Contacts found", "No endpoints found"
        }
        if (lower.contains("permission denied")) {
            LOG.warn("PBX {}: the AMI user may not run {} (needs write class {} in manager.conf); that part of the "
                    + "live state will come from events only", pbxId, action, writeClass);
            return List.of();
        }
        throw new PbxActionFailedException(action, msg);
    }
}
