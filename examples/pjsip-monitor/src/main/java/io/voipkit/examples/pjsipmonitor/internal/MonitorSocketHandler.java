package io.voipkit.examples.pjsipmonitor.internal;

import io.voipkit.ami.LogBuffer;
import io.voipkit.ami.LogQuery;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;
import io.voipkit.core.event.LogLevel;
import io.voipkit.core.event.LogLineReceived;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code /ws} endpoint: one JSON object per message, with a {@code type} (see the README).
 *
 * <p>Client → server: {@code requestUpdate}, {@code subscribeLogs} (optional {@code section},
 * {@code endpoints}, {@code text}, {@code levels}, {@code sources}, {@code history}),
 * {@code unsubscribeLogs}, {@code saveSection} ({@code id}, {@code name}, {@code endpoints}),
 * {@code deleteSection} ({@code id}). Server → client: {@code statusUpdate}, {@code logHistory},
 * {@code logUpdate}, {@code sectionSaved}, {@code sectionDeleted}, {@code error}.
 *
 * <p>A message that cannot be handled — not JSON, not an object, an unknown type, invalid
 * values, more than {@link #MAX_MESSAGE_CHARS} characters — is answered with
 * {@code {"type":"error","message":...}} naming the problem; the session stays open.
 */
public final class MonitorSocketHandler extends TextWebSocketHandler {
    private static final Logger log = LoggerFactory.getLogger(MonitorSocketHandler.class);
    /** The largest client message handled (64 KiB); larger ones get an error. */
    public static final int MAX_MESSAGE_CHARS = 64 * 1024;
    static final int DEFAULT_HISTORY = 500;
    static final int MAX_HISTORY = 5000;
    private static final int MAX_LIST = 500;

    private final Clients clients;
    private final StatusPublisher status;
    private final SectionStore sections;
    private final MonitoredPbx runtime;
    private final LogBuffer logBuffer;
    private final JsonMapper json;

    /** The handler; all collaborators are shared beans. */
    public MonitorSocketHandler(Clients clients, StatusPublisher status, SectionStore sections, MonitoredPbx runtime,
                                LogBuffer logBuffer, JsonMapper json) {
        this.clients = clients;
        this.status = status;
        this.sections = sections;
        this.runtime = runtime;
        this.logBuffer = logBuffer;
        this.json = json;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        Clients.Client client = clients.add(session);
        // The first picture straight away, so the page never waits for a change to happen.
        client.send(status.snapshotJson());
        log.debug("WebSocket session {} opened by {}", session.getId(), session.getPrincipal() == null ? "?" : session.getPrincipal().getName());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
        clients.remove(session);
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("WebSocket session {} failed: {}", session.getId(), exception.toString());
        clients.remove(session);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        Clients.Client client = clients.get(session);
        if (client == null) {
            return;
        }
        String payload = message.getPayload();
        String reply;
        String type = null;
        try {
            if (payload.length() > MAX_MESSAGE_CHARS) {
                throw new BadMessage("message of " + payload.length() + " characters is larger than the "
                        + MAX_MESSAGE_CHARS + " allowed");
            }
            JsonNode node;
            try {
                node = json.readTree(payload);
            } catch (JacksonException e) {
                throw new BadMessage("not valid JSON: " + Checks.abbreviate(e.getOriginalMessage()));
            }
            if (node == null || !node.isObject()) {
                throw new BadMessage("a message must be a JSON object with a \"type\"");
            }
            JsonNode t = node.get("type");
            if (t == null || !t.isString()) {
                throw new BadMessage("a message needs a string \"type\"");
            }
            type = t.stringValue();
            reply = handle(client, type, node);
        } catch (BadMessage e) {
            reply = error(e.getMessage(), type);
        } catch (InvalidRequestException e) {
            reply = error(e.getMessage(), type);
        } catch (UncheckedIOException e) {
            log.warn("Cannot handle {}: {}", type, e.getMessage());
            reply = error(e.getMessage(), type);
        }
        if (reply != null) {
            client.send(reply);
        }
    }

    private String handle(Clients.Client client, String type, JsonNode node) {
        switch (type) {
            case "requestUpdate":
                return status.snapshotJson();
            case "subscribeLogs":
                return subscribeLogs(client, node);
            case "unsubscribeLogs":
                client.logQuery = null;
                client.logSection = null;
                return null;
            case "saveSection": {
                Section saved = sections.save(optionalString(node, "id"), requiredString(node, "name"),
                        strings(node, "endpoints", true));
                status.sectionsChanged();
                return json.writeValueAsString(new Views.SectionChanged("sectionSaved", saved));
            }
            case "deleteSection": {
                String id = requiredString(node, "id");
                Section old = sections.saved().stream().filter(s -> s.id().equals(id)).findFirst()
                        .orElseThrow(() -> new BadMessage("no saved section has id " + Checks.abbreviate(id)));
                sections.delete(id);
                status.sectionsChanged();
                return json.writeValueAsString(new Views.SectionChanged("sectionDeleted", old));
            }
            default:
                throw new BadMessage("unknown message type " + Checks.abbreviate(type)
                        + "; expected requestUpdate, subscribeLogs, unsubscribeLogs, saveSection or deleteSection");
        }
    }

    private String subscribeLogs(Clients.Client client, JsonNode node) {
        LogQuery.Builder query = LogQuery.builder();
        String sectionId = optionalString(node, "section");
        List<String> endpoints = new ArrayList<>(strings(node, "endpoints", false));
        String sectionName = null;
        if (sectionId != null) {
            List<String> known = runtime.pbx().state().endpoints().stream().map(e -> e.name()).toList();
            Section section = sections.effective(known).stream().filter(s -> s.id().equals(sectionId)).findFirst()
                    .orElseThrow(() -> new InvalidRequestException("section", "no section has id " + Checks.abbreviate(sectionId)));
            endpoints.addAll(section.endpoints());
            sectionName = section.name();
        }
        query.endpoints(endpoints);
        query.text(optionalString(node, "text"));
        List<LogLevel> levels = new ArrayList<>();
        for (String level : strings(node, "levels", false)) {
            try {
                levels.add(LogLevel.valueOf(level.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("levels", "unknown level " + Checks.abbreviate(level)
                        + "; expected ERROR, WARNING, NOTICE, VERBOSE, DEBUG, DTMF, SECURITY or UNKNOWN");
            }
        }
        query.levels(levels);
        query.sources(strings(node, "sources", false));
        int history = DEFAULT_HISTORY;
        JsonNode h = node.get("history");
        if (h != null && !h.isNull()) {
            if (!h.isInt() || h.intValue() < 0 || h.intValue() > MAX_HISTORY) {
                throw new InvalidRequestException("history", "must be a whole number 0.." + MAX_HISTORY);
            }
            history = h.intValue();
        }
        LogQuery live = query.build();
        // Subscribe before reading the history: a line arriving in between may then be sent
        // twice (live and in the history) but is never lost; the page merges the two.
        client.logQuery = live;
        client.logSection = sectionId;
        List<LogLineReceived> lines = history == 0 ? List.of() : logBuffer.query(query.limit(history).build());
        List<Views.LogUpdate> views = lines.stream().map(Views.LogUpdate::of).toList();
        return json.writeValueAsString(new Views.LogHistory("logHistory", sectionName, live.endpoints(), views,
                logBuffer.size(), logBuffer.capacity()));
    }

    private static String optionalString(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw new InvalidRequestException(field, "must be a string");
        }
        return Checks.optionalWireText(v.stringValue(), field);
    }

    private static String requiredString(JsonNode node, String field) {
        String v = optionalString(node, field);
        if (v == null) {
            throw new InvalidRequestException(field, "is required");
        }
        return v;
    }

    private static List<String> strings(JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new InvalidRequestException(field, "is required (an array of strings)");
            }
            return List.of();
        }
        if (!v.isArray() || v.size() > MAX_LIST) {
            throw new InvalidRequestException(field, "must be an array of at most " + MAX_LIST + " strings");
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isString()) {
                throw new InvalidRequestException(field + "[" + i + "]", "must be a string");
            }
            out.add(Checks.wireText(e.stringValue(), field + "[" + i + "]"));
        }
        return out;
    }

    private String error(String message, String request) {
        return json.writeValueAsString(Views.Error.of(message, request == null || request.length() <= 64 ? request : request.substring(0, 64)));
    }

    /** A message the protocol cannot accept; its text goes back to the client. */
    private static final class BadMessage extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadMessage(String message) {
            super(message, null, false, false);
        }
    }
}
