package io.voipkit.examples.pjsipmonitor.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The log-in page (a static template with the CSRF token filled in, so no template engine is
 * needed) and {@code /api/session}, which tells the page who is logged in and the token its
 * log-out form needs. Nothing secret is sent: the CSRF token belongs to the session.
 */
@RestController
public class PageController {
    private final String loginTemplate;
    private final MonitoredPbx runtime;

    /** Reads the log-in template once. */
    public PageController(MonitoredPbx runtime) {
        this.runtime = runtime;
        try (InputStream in = PageController.class.getResourceAsStream("/pjsip-monitor/login.html")) {
            if (in == null) {
                throw new IllegalStateException("pjsip-monitor/login.html is missing from the classpath");
            }
            this.loginTemplate = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log-in form; {@code ?error} and {@code ?logout} show a message. */
    @GetMapping(value = "/login", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> login(CsrfToken csrf, @RequestParam(required = false) String error,
                                        @RequestParam(required = false) String logout) {
        String message = error != null ? "<p class=\"msg error\">Wrong user name or password.</p>"
                : logout != null ? "<p class=\"msg\">You have been logged out.</p>" : "";
        String html = loginTemplate
                .replace("{{csrfParameter}}", HtmlUtils.htmlEscape(csrf.getParameterName()))
                .replace("{{csrfToken}}", HtmlUtils.htmlEscape(csrf.getToken()))
                .replace("{{message}}", message)
                .replace("{{mode}}", runtime.mode());
        return ResponseEntity.ok().header("Cache-Control", "no-store").body(html);
    }

    /** Who is logged in, the mode, and the CSRF token for the log-out form. */
    @GetMapping("/api/session")
    public Map<String, Object> session(Principal principal, CsrfToken csrf) {
        return Map.of("username", principal.getName(), "mode", runtime.mode(), "pbx", runtime.pbx().id(),
                "csrf", Map.of("parameterName", csrf.getParameterName(), "headerName", csrf.getHeaderName(),
                        "token", csrf.getToken()));
    }
}
