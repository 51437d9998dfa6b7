package io.voipkit.examples.pjsipmonitor.internal;

import io.voipkit.ami.LogQuery;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * The open WebSocket sessions and their log subscriptions.
 *
 * <p>Each session is wrapped in a {@link ConcurrentWebSocketSessionDecorator}: sends from the
 * status and log threads are serialised and buffered, and a client that does not read (more than
 * {@link #BUFFER_LIMIT} bytes pending or a send blocked for {@link #SEND_TIME_LIMIT_MS}) is
 * disconnected rather than allowed to hold memory; the page then reconnects and gets a fresh
 * {@code statusUpdate}. Thread-safe.
 */
public final class Clients {
    private static final Logger log = LoggerFactory.getLogger(Clients.class);
    static final int SEND_TIME_LIMIT_MS = 10_000;
    static final int BUFFER_LIMIT = 4 * 1024 * 1024;

    private final ConcurrentHashMap<String, Client> clients = new ConcurrentHashMap<>();

    /** One session and what it subscribed to. */
    static final class Client {
        final WebSocketSession session;
        /** The log filter, or null when not subscribed to logs. */
        volatile LogQuery logQuery;
        volatile String logSection;

        Client(WebSocketSession session) {
            this.session = session;
        }

        void send(String json) {
            if (!session.isOpen()) {
                return;
            }
            try {
                session.sendMessage(new TextMessage(json));
            } catch (IOException | IllegalStateException e) {
                // A broken or overflowing session: the decorator closed it (or will); forget it quietly.
                log.debug("Cannot send to WebSocket session {}: {}", session.getId(), e.toString());
            }
        }
    }

    Client add(WebSocketSession session) {
        Client c = new Client(new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MS, BUFFER_LIMIT));
        clients.put(session.getId(), c);
        return c;
    }

    Client get(WebSocketSession session) {
        return clients.get(session.getId());
    }

    void remove(WebSocketSession session) {
        clients.remove(session.getId());
    }

    Collection<Client> all() {
        return List.copyOf(clients.values());
    }

    /** How many sessions are open. */
    public int size() {
        return clients.size();
    }

    void broadcast(String json) {
        for (Client c : clients.values()) {
            c.send(json);
        }
    }

    void closeAll() {
        for (Client c : clients.values()) {
            try {
                c.session.close(CloseStatus.GOING_AWAY);
            } catch (IOException e) {
                log.debug("Closing {}: {}", c.session.getId(), e.toString());
            }
        }
        clients.clear();
    }
}
