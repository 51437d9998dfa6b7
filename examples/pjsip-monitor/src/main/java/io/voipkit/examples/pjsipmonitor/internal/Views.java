package io.voipkit.examples.pjsipmonitor.internal;

import io.voipkit.core.ActiveCall;
import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.event.LogLineReceived;
import java.time.Instant;
import java.util.List;

/**
 * The JSON messages of the WebSocket protocol, as records (Jackson writes their components in
 * order). Times are ISO-8601 strings; absent values are {@code null}. Documented in the README.
 */
final class Views {
    private Views() {
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** {@code statusUpdate}: the whole picture, pushed on every change and on request. */
    record StatusUpdate(String type, String serverTime, long version, Connection connection, List<SectionView> sections,
                        List<EndpointView> endpoints, List<CallView> calls) {
    }

    /** The AMI connection: {@code usable} drives the green/red indicator. */
    record Connection(String pbx, String mode, String state, boolean usable, boolean current) {
    }

    /** A card: its endpoints' combined status, counts and last change. */
    record SectionView(String id, String name, List<String> endpoints, boolean saved, EndpointStatus status,
                       int online, String lastUpdate, int activeCalls) {
    }

    /** One endpoint; its contacts' URIs are not sent (the page only needs the count). */
    record EndpointView(String name, EndpointStatus status, String detail, String deviceState, int contacts,
                        String lastChange, int activeCalls) {
        static EndpointView of(Endpoint e, EndpointStatus status) {
            return new EndpointView(e.name(), status, e.detail(), e.deviceState(), e.contacts().size(),
                    time(e.lastChange()), e.activeCallCount());
        }
    }

    /** One endpoint's call leg: who is at the other end, since when. */
    record CallView(String endpoint, String channel, String otherPartyNumber, String otherPartyName, String startedAt,
                    String answeredAt, String state, boolean inbound) {
        static CallView of(ActiveCall c) {
            return new CallView(c.endpoint(), c.channel(), c.otherPartyNumber(), c.otherPartyName(), time(c.startedAt()),
                    time(c.answeredAt()), c.state().name(), c.inbound());
        }
    }

    /** {@code logUpdate}: one log line. */
    record LogUpdate(String type, String timestamp, String level, String source, String message, String file,
                     String callId) {
        static LogUpdate of(LogLineReceived l) {
            return new LogUpdate("logUpdate", time(l.timestamp()), l.level().name(), l.source(), l.message(), l.file(),
                    l.callId());
        }
    }

    /** {@code logHistory}: the buffered lines that match a new log subscription, oldest first. */
    record LogHistory(String type, String section, List<String> endpoints, List<LogUpdate> lines, int buffered,
                      int capacity) {
    }

    /** {@code sectionSaved} / {@code sectionDeleted}: the answer to an edit. */
    record SectionChanged(String type, Section section) {
    }

    /** {@code error}: a client message that could not be handled; the session stays open. */
    record Error(String type, String message, String request) {
        static Error of(String message, String request) {
            return new Error("error", message, request);
        }
    }
}
