package io.voipkit.spring.boot.internal.web;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.internal.Checks;
import io.voipkit.routing.RouteDecision;
import io.voipkit.routing.RouteRequest;
import io.voipkit.routing.RoutingEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The routing endpoint the Asterisk dialplan calls with {@code CURL()}:
 * {@code GET /api/voip/route/{caller}/{called}} answers {@link RouteDecision#toPlainText()} (what to
 * {@code Dial}; empty = no decision, the dialplan falls back to its own routing), or
 * {@link RouteDecision#toJson()} when the client accepts {@code application/json}. The query form
 * {@code GET /api/voip/route?caller=&called=} serves a withheld (empty) caller number, which a path
 * segment cannot carry.
 *
 * <p>The dialplan must never receive something it would dial by mistake: a plain-text client
 * (Asterisk sends {@code Accept: *}{@code /*}) gets an <em>empty</em> body with status 400 for an
 * invalid request and 500 for a failure; a JSON client gets the 400 problem detail.
 */
@RestController
public class VoipRouteController {
    private static final Logger log = LoggerFactory.getLogger(VoipRouteController.class);

    private final RoutingEngine engine;

    /** @param engine the engine that decides */
    public VoipRouteController(RoutingEngine engine) {
        this.engine = Checks.notNull(engine, "engine");
    }

    /** Path form: {@code /api/voip/route/+74951234567/88001234567}. */
    @GetMapping(path = "${voip.web.route-path:/api/voip/route}/{caller}/{called}",
            produces = {MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_JSON_VALUE})
    public ResponseEntity<String> route(@PathVariable("caller") String caller, @PathVariable("called") String called,
                                        @RequestParam(name = "explain", defaultValue = "false") boolean explain,
                                        @RequestHeader(name = "Accept", required = false) String accept) {
        return answer(caller, called, explain, accept);
    }

    /** Query form: {@code /api/voip/route?caller=&called=100} (the caller may be empty). */
    @GetMapping(path = "${voip.web.route-path:/api/voip/route}",
            produces = {MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_JSON_VALUE})
    public ResponseEntity<String> routeQuery(@RequestParam(name = "caller", defaultValue = "") String caller,
                                             @RequestParam(name = "called") String called,
                                             @RequestParam(name = "explain", defaultValue = "false") boolean explain,
                                             @RequestHeader(name = "Accept", required = false) String accept) {
        return answer(caller, called, explain, accept);
    }

    private ResponseEntity<String> answer(String caller, String called, boolean explain, String accept) {
        boolean json = wantsJson(accept);
        RouteDecision d;
        try {
            RouteRequest request = new RouteRequest(caller, called, null);
            d = explain ? engine.explain(request) : engine.decide(request);
        } catch (InvalidRequestException e) {
            if (json) {
                throw e; // the advice answers 400 with a problem detail
            }
            log.debug("voipkit route: invalid request answered with an empty 400: {}", e.getMessage());
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.TEXT_PLAIN).body("");
        } catch (RuntimeException e) {
            log.warn("voipkit route: deciding failed, answering no decision", e);
            if (json) {
                throw e;
            }
            return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(MediaType.TEXT_PLAIN).body("");
        }
        if (json) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(d.toJson());
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(d.toPlainText());
    }

    /** JSON when asked for explicitly; {@code *}{@code /*}, {@code text/plain} or nothing mean plain text. */
    static boolean wantsJson(String accept) {
        if (accept == null) {
            return false;
        }
        java.util.List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            return false;
        }
        for (MediaType t : types) {
            if (t.isWildcardType() || MediaType.TEXT_PLAIN.isCompatibleWith(t)) {
                return false;
            }
            if (MediaType.APPLICATION_JSON.isCompatibleWith(t) || MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(t)
                    || (t.getSubtype() != null && t.getSubtype().endsWith("+json"))) {
                return true;
            }
        }
        return false;
    }
}
