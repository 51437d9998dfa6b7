package io.voipkit.ami.internal.mapping;

import io.voipkit.ami.internal.AmiMessage;
import io.voipkit.core.Channel;
import io.voipkit.core.ChannelState;
import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.MemberState;
import io.voipkit.core.QueueCaller;
import io.voipkit.core.QueueMember;
import io.voipkit.core.QueueStatus;
import io.voipkit.core.internal.Checks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the full live-state snapshot from the items of AMI list actions, for the resync after
 * every (re)connect: {@code PJSIPShowEndpoints} ({@code EndpointList}), {@code PJSIPShowContacts}
 * ({@code ContactList}), {@code CoreShowChannels} ({@code CoreShowChannel}) and {@code QueueStatus}
 * ({@code QueueParams}, {@code QueueMember}, {@code QueueEntry}). The adapter collects the items
 * ({@code AmiListResponse.items()}) and hands them to {@link AmiStateFeed#resync}.
 *
 * <p>Input is PBX data: an item of the expected kind that lacks a required field (an endpoint
 * without {@code ObjectName}, a channel without {@code Uniqueid}, ...) is rejected on its own with a
 * WARN line naming the list, the item's index and the field; the rest of the snapshot is still
 * built, because one bad item must not keep the whole state stale. Items of other kinds in a list
 * (the closing {@code ...Complete} event, unsolicited events) are ignored.
 *
 * <p>Stateless; every method is thread-safe.
 */
public final class AmiResyncParser {
    private static final Logger LOG = LoggerFactory.getLogger(AmiResyncParser.class);

    private AmiResyncParser() {
    }

    /**
     * The endpoints from {@code PJSIPShowEndpoints} and {@code PJSIPShowContacts}.
     *
     * <p>Status: from the endpoint's contacts when {@code ContactList} names any (ONLINE when one
     * is Reachable or NonQualified, else OFFLINE or UNKNOWN); otherwise from the endpoint's
     * {@code DeviceState} ({@code Unavailable}: OFFLINE; {@code Not in use}, {@code In use}, ...:
     * ONLINE; {@code Unknown}, {@code Invalid}: UNKNOWN). An endpoint named only by a contact is
     * included too. A {@code PJSIPShowContacts} that found nothing answers {@code Response: Error}
     * {@code No Contacts found}: pass an empty list.
     *
     * @param endpointItems {@code EndpointList} items
     * @param contactItems  {@code ContactList} items, possibly empty
     * @param now           stamped as every endpoint's last change
     * @return the endpoints sorted by name, without calls (the store derives them)
     * @throws io.voipkit.core.InvalidRequestException when a list or {@code now} is {@code null}
     */
    public static List<Endpoint> endpoints(List<AmiMessage> endpointItems, List<AmiMessage> contactItems,
                                           Instant now) {
        List<AmiMessage> eps = Checks.copyOf(endpointItems, "endpointItems");
        List<AmiMessage> contacts = Checks.copyOf(contactItems, "contactItems");
        Checks.notNull(now, "now");
        ContactBook book = contactBook(contacts);

        Map<String, Endpoint> out = new LinkedHashMap<>();
        for (int i = 0; i < eps.size(); i++) {
            AmiMessage m = eps.get(i);
            if (!isEvent(m, "EndpointList")) {
                continue;
            }
            String name = m.get("ObjectName");
            if (isBlank(name)) {
                reject("EndpointList", i, "ObjectName");
                continue;
            }
            String device = AmiValues.deviceStateText(blankToNull(m.get("DeviceState")));
            List<String> uris;
            EndpointStatus status;
            String detail;
            if (book.knows(name)) {
                uris = book.uris(name);
                status = book.status(name);
                detail = book.detail(name, device);
            } else {
                uris = contactUris(m.get("Contacts"));
                status = AmiValues.deviceStatus(device);
                detail = device;
            }
            out.put(name, new Endpoint(name, status, detail, uris, device, now, List.of()));
        }
        // Endpoints that only a contact names (a contact list fetched a moment later than the endpoints).
        for (int i = 0; i < contacts.size(); i++) {
            AmiMessage m = contacts.get(i);
            String name = isEvent(m, "ContactList") ? contactEndpoint(m) : null;
            if (name != null && !out.containsKey(name)) {
                out.put(name, new Endpoint(name, book.status(name), book.detail(name, null), book.uris(name), null, now,
                        List.of()));
            }
        }
        List<Endpoint> list = new ArrayList<>(out.values());
        list.sort(Comparator.comparing(Endpoint::name));
        return list;
    }

    /** The contacts of {@code ContactList} items, by endpoint, for the feed's contact book. */
    static ContactBook contactBook(List<AmiMessage> contactItems) {
        ContactBook book = new ContactBook();
        fillContactBook(book, contactItems);
        return book;
    }

    /** Refills {@code book} from {@code ContactList} items (cleared first). */
    static void fillContactBook(ContactBook book, List<AmiMessage> contactItems) {
        book.clear();
        for (int i = 0; i < contactItems.size(); i++) {
            AmiMessage m = contactItems.get(i);
            if (!isEvent(m, "ContactList")) {
                continue;
            }
            String endpoint = contactEndpoint(m);
            if (endpoint == null) {
                reject("ContactList", i, "Endpoint");
                continue;
            }
            book.update(endpoint, blankToNull(m.get("Uri")), m.get("Status"));
        }
    }

    /** {@code Endpoint:} of a ContactList item, else the AOR part of {@code ObjectName} ({@code 101-ep;@hash}). */
    private static String contactEndpoint(AmiMessage m) {
        String endpoint = m.get("Endpoint");
        if (!isBlank(endpoint)) {
            return endpoint;
        }
        String aor = m.get("Aor");
        if (!isBlank(aor)) {
            return aor;
        }
        String object = m.get("ObjectName");
        if (isBlank(object)) {
            return null;
        }
        int semi = object.indexOf(';');
        return semi > 0 ? object.substring(0, semi) : null;
    }

    /**
     * The URIs of {@code EndpointList}'s {@code Contacts} value: {@code 101-ep/sip:101-ep@127.0.0.1:16101,}
     * gives {@code [sip:101-ep@127.0.0.1:16101]} (entries are {@code aor/uri}, comma-terminated).
     */
    static List<String> contactUris(String contacts) {
        if (isBlank(contacts)) {
            return List.of();
        }
        Set<String> uris = new LinkedHashSet<>();
        int start = 0;
        while (start < contacts.length()) {
            int comma = contacts.indexOf(',', start);
            int end = comma < 0 ? contacts.length() : comma;
            String entry = contacts.substring(start, end).strip();
            if (!entry.isEmpty()) {
                int slash = entry.indexOf('/');
                String uri = slash >= 0 ? entry.substring(slash + 1).strip() : entry;
                if (!uri.isEmpty()) {
                    uris.add(uri);
                }
            }
            start = end + 1;
        }
        return List.copyOf(uris);
    }

    /**
     * The channels from {@code CoreShowChannels}. A channel's creation time is {@code now} minus its
     * {@code Duration} ({@code HH:MM:SS}), so it is exact to the second; {@code now} when the
     * duration is missing or malformed.
     *
     * @param channelItems {@code CoreShowChannel} items
     * @param now          when the list was read
     * @return the channels in list order; endpoints are left to the store's naming rules
     * @throws io.voipkit.core.InvalidRequestException when the list or {@code now} is {@code null}
     */
    public static List<Channel> channels(List<AmiMessage> channelItems, Instant now) {
        List<AmiMessage> items = Checks.copyOf(channelItems, "channelItems");
        Checks.notNull(now, "now");
        List<Channel> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            AmiMessage m = items.get(i);
            if (!isEvent(m, "CoreShowChannel")) {
                continue;
            }
            String name = m.get("Channel");
            String uniqueId = m.get("Uniqueid");
            if (isBlank(name) || isBlank(uniqueId)) {
                reject("CoreShowChannel", i, isBlank(name) ? "Channel" : "Uniqueid");
                continue;
            }
            int code = AmiValues.nonNegativeInt(m.get("ChannelState"));
            ChannelState state = code < 0 ? ChannelState.UNKNOWN : ChannelState.fromAsteriskCode(code);
            Duration age = AmiValues.hhmmss(m.get("Duration"));
            Instant created = age == null ? now : now.minus(age);
            out.add(new Channel(name, uniqueId, blankToNull(m.get("Linkedid")), state,
                    AmiValues.callerId(m.get("CallerIDNum")), AmiValues.callerId(m.get("CallerIDName")),
                    AmiValues.callerId(m.get("ConnectedLineNum")), AmiValues.callerId(m.get("ConnectedLineName")),
                    null, created, blankToNull(m.get("BridgeId"))));
        }
        return out;
    }

    /**
     * The queues from {@code QueueStatus}: {@code QueueParams} opens each queue, its
     * {@code QueueMember} and {@code QueueEntry} items follow (an item of a queue without params
     * gets an otherwise empty queue). A waiting caller's {@code Wait} is as of {@code now}.
     *
     * @param queueItems {@code QueueParams}, {@code QueueMember} and {@code QueueEntry} items, in list order
     * @param now        when the list was read (not used for values; kept for symmetry and future use)
     * @return the queues sorted by name, members in list order, callers by position
     * @throws io.voipkit.core.InvalidRequestException when the list or {@code now} is {@code null}
     */
    public static List<QueueStatus> queues(List<AmiMessage> queueItems, Instant now) {
        List<AmiMessage> items = Checks.copyOf(queueItems, "queueItems");
        Checks.notNull(now, "now");
        Map<String, QueueStatus> params = new LinkedHashMap<>();
        Map<String, List<QueueMember>> members = new LinkedHashMap<>();
        Map<String, List<QueueCaller>> callers = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            AmiMessage m = items.get(i);
            if (!m.isEvent()) {
                continue;
            }
            String kind = m.eventName();
            if (!kind.equals("QueueParams") && !kind.equals("QueueMember") && !kind.equals("QueueEntry")) {
                continue;
            }
            String queue = m.get("Queue");
            if (isBlank(queue)) {
                reject(kind, i, "Queue");
                continue;
            }
            switch (kind) {
                case "QueueParams" -> params.put(queue, queueParams(queue, m));
                case "QueueMember" -> {
                    QueueMember member = queueMember(m);
                    if (member == null) {
                        reject(kind, i, "Location");
                    } else {
                        members.computeIfAbsent(queue, k -> new ArrayList<>()).add(member);
                    }
                }
                default -> {
                    QueueCaller caller = queueEntry(m);
                    if (caller == null) {
                        reject(kind, i, "Channel/Position");
                    } else {
                        callers.computeIfAbsent(queue, k -> new ArrayList<>()).add(caller);
                    }
                }
            }
        }
        Set<String> names = new java.util.TreeSet<>(params.keySet());
        names.addAll(members.keySet());
        names.addAll(callers.keySet());
        List<QueueStatus> out = new ArrayList<>(names.size());
        for (String name : names) {
            QueueStatus q = params.getOrDefault(name, QueueStatus.empty(name));
            q = q.withMembers(members.getOrDefault(name, List.of()));
            List<QueueCaller> waiting = new ArrayList<>(callers.getOrDefault(name, List.of()));
            waiting.sort(Comparator.comparingInt(QueueCaller::position));
            out.add(params.containsKey(name) && waiting.isEmpty() ? q : q.withCallers(waiting));
        }
        return out;
    }

    private static QueueStatus queueParams(String queue, AmiMessage m) {
        return new QueueStatus(queue, blankToNull(m.get("Strategy")), count(m, "Max"), count(m, "Calls"),
                seconds(m, "Holdtime"), seconds(m, "TalkTime"), count(m, "Completed"), count(m, "Abandoned"),
                seconds(m, "ServiceLevel"), percent(m.get("ServicelevelPerf")), count(m, "Weight"), List.of(), List.of());
    }

    /** A {@code QueueMember} item (also the shape of {@code QueueMember*} events), or {@code null} without an interface. */
    static QueueMember queueMember(AmiMessage m) {
        String iface = m.get("Location");
        if (isBlank(iface)) {
            iface = m.get("Interface");
        }
        if (isBlank(iface)) {
            return null;
        }
        String name = m.get("Name");
        if (isBlank(name)) {
            name = m.get("MemberName");
        }
        String stateInterface = blankToNull(m.get("StateInterface"));
        if (iface.equals(stateInterface)) {
            stateInterface = null; // the record says null "when the same"
        }
        long lastCall = AmiValues.nonNegativeLong(m.get("LastCall"));
        int status = AmiValues.nonNegativeInt(m.get("Status"));
        return new QueueMember(name, iface, stateInterface, blankToNull(m.get("Membership")), count(m, "Penalty"),
                count(m, "CallsTaken"), lastCall > 0 ? Instant.ofEpochSecond(lastCall) : null,
                status < 0 ? MemberState.UNKNOWN : MemberState.fromAsteriskCode(status), AmiValues.flag(m.get("Paused")),
                blankToNull(m.get("PausedReason")), AmiValues.flag(m.get("InCall")));
    }

    private static QueueCaller queueEntry(AmiMessage m) {
        String channel = m.get("Channel");
        int position = AmiValues.nonNegativeInt(m.get("Position"));
        if (isBlank(channel) || position < 1) {
            return null;
        }
        Duration wait = AmiValues.seconds(m.get("Wait"));
        return new QueueCaller(position, channel, blankToNull(m.get("Uniqueid")),
                AmiValues.callerId(m.get("CallerIDNum")), AmiValues.callerId(m.get("CallerIDName")),
                wait == null ? Duration.ZERO : wait);
    }

    private static int count(AmiMessage m, String field) {
        int v = AmiValues.nonNegativeInt(m.get(field));
        return Math.max(v, 0);
    }

    private static Duration seconds(AmiMessage m, String field) {
        Duration d = AmiValues.seconds(m.get(field));
        return d == null ? Duration.ZERO : d;
    }

    /** {@code ServicelevelPerf: 100.0}; 0 when missing or malformed, clamped to 0..100. */
    private static double percent(String s) {
        if (isBlank(s)) {
            return 0.0;
        }
        try {
            double v = Double.parseDouble(s.strip());
            return Double.isNaN(v) ? 0.0 : Math.max(0.0, Math.min(100.0, v));
        } catch (NumberFormatException e) {
            return 0.0;
        }
    }

    private static boolean isEvent(AmiMessage m, String name) {
        return m.isEvent() && name.equals(m.eventName());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return isBlank(s) ? null : s;
    }

    private static void reject(String kind, int index, String field) {
        LOG.warn("Resync: {} item #{} has no usable {}; item skipped, the rest of the snapshot is kept", kind, index,
                field);
    }
}
