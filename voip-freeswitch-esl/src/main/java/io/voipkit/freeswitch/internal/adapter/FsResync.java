package io.voipkit.freeswitch.internal.adapter;

import io.voipkit.core.Channel;
import io.voipkit.core.ChannelState;
import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.QueueStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads what the live state needs from FreeSWITCH after a (re)connect: the directory's users
 * ({@code list_users}: every phone that could register, OFFLINE unless registered), the
 * registrations ({@code show registrations as json}: ONLINE with their contact), the channels
 * ({@code show channels as json}) and the callcenter queues, plus {@code recordings_dir}.
 */
final class FsResync {

    private static final Logger LOG = LoggerFactory.getLogger(FsResync.class);

    /** What was read. */
    record Items(List<Endpoint> endpoints, List<Channel> channels, List<QueueStatus> queues, String recordingsDir) {
    }

    private FsResync() {
    }

    static Items read(FsApi api, String pbxId) {
        Instant now = Instant.now();
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        try {
            for (Map<String, String> u : FsReplies.table("list_users", api.call("list_users", null))) {
                String user = u.get("userid");
                if (user != null && !user.isBlank() && !endpoints.containsKey(user)) {
                    endpoints.put(user, new Endpoint(user, EndpointStatus.OFFLINE, "Unregistered", List.of(), null,
                            now, List.of()));
                }
            }
        } catch (PbxActionFailedException e) {
            LOG.info("ESL {}: list_users failed ({}); only registered phones are known", pbxId, e.getMessage());
        }
        for (Map<String, String> r : FsReplies.jsonRows("show registrations as json",
                api.call("show", "registrations as json"))) {
            String user = r.get("reg_user");
            if (user == null || user.isBlank()) {
                continue;
            }
            Endpoint before = endpoints.get(user);
            List<String> contacts = new ArrayList<>(before != null && before.status() == EndpointStatus.ONLINE
                    ? before.contacts() : List.of());
            String url = r.get("url");
            if (url != null && !url.isBlank() && !contacts.contains(url)) {
                contacts.add(url);
            }
            endpoints.put(user, new Endpoint(user, EndpointStatus.ONLINE, "register", contacts, null, now, List.of()));
        }
        List<Channel> channels = new ArrayList<>();
        for (Map<String, String> c : FsReplies.jsonRows("show channels as json", api.call("show", "channels as json"))) {
            Channel ch = channel(c, now);
            if (ch != null) {
                channels.add(ch);
            }
        }
        List<QueueStatus> queues = FsCallcenter.queues(api, now);
        String dir = null;
        try {
            dir = api.call("global_getvar", "recordings_dir").strip();
        } catch (PbxActionFailedException e) {
            LOG.debug("ESL {}: no recordings_dir: {}", pbxId, e.getMessage());
        }
        return new Items(List.copyOf(endpoints.values()), channels, queues, dir == null || dir.isEmpty() ? null : dir);
    }

    /** A {@code show channels as json} row as a live channel; {@code null} without uuid or name. */
    static Channel channel(Map<String, String> c, Instant fallback) {
        String uuid = c.get("uuid");
        String name = c.get("name");
        if (uuid == null || uuid.isBlank() || name == null || name.isBlank()) {
            return null;
        }
        long created = FsCallcenter.epoch(c.get("created_epoch"));
        return new Channel(name, uuid, c.get("call_uuid"), callState(c.get("callstate")), c.get("cid_num"),
                c.get("cid_name"), c.get("callee_num"), c.get("callee_name"), null,
                created > 0 ? Instant.ofEpochSecond(created) : fallback, null);
    }

    /** FreeSWITCH's call state ({@code Channel-Call-State}, {@code callstate}) in the neutral vocabulary. */
    static ChannelState callState(String s) {
        if (s == null) {
            return ChannelState.UNKNOWN;
        }
        return switch (s.toUpperCase(Locale.ROOT)) {
            case "ACTIVE", "HELD", "UNHELD" -> ChannelState.UP;
            case "RINGING" -> ChannelState.RINGING;
            case "EARLY" -> ChannelState.RING;
            case "DOWN", "HANGUP" -> ChannelState.DOWN;
            case "DIALING" -> ChannelState.DIALING;
            default -> ChannelState.UNKNOWN;
        };
    }
}
