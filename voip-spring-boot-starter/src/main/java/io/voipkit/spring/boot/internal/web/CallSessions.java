package io.voipkit.spring.boot.internal.web;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The calls announced through {@code POST /voip/incoming/}, by session id, so that
 * {@code POST /voip/status/} can relate a status update to the routing decision (group and
 * target). Bounded: the least recently touched sessions are forgotten first, so a flood of
 * session ids cannot exhaust memory. Thread-safe.
 */
final class CallSessions {
    /** What is known about one call. */
    record Session(String sessionId, String caller, String called, String group, String target, String status,
                   Instant created, Instant updated, Instant answered, Instant ended) {
        Session withStatus(String newStatus, Instant at, Instant answerTime, Instant endTime, String newTarget) {
            return new Session(sessionId, caller, called, group, newTarget != null ? newTarget : target, newStatus,
                    created, at, answerTime != null ? answerTime : answered, endTime != null ? endTime : ended);
        }
    }

    private final int capacity;
    private final LinkedHashMap<String, Session> sessions;

    CallSessions(int capacity) {
        this.capacity = capacity;
        this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
                return size() > CallSessions.this.capacity;
            }
        };
    }

    synchronized void put(Session s) {
        sessions.put(s.sessionId(), s);
    }

    synchronized Optional<Session> get(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    synchronized int size() {
        return sessions.size();
    }
}
