package io.voipkit.spring.boot.internal.web;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.PbxNotConnectedException;
import io.voipkit.core.PbxTimeoutException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns the errors of the voipkit endpoints (and only theirs) into RFC 9457 problem details
 * ({@code application/problem+json}): an {@link InvalidRequestException} is a 400 whose
 * {@code field} and {@code problem} properties say what is wrong; Spring MVC's own errors
 * (unreadable JSON, a missing parameter, a wrong content type) keep their status with a problem
 * body; PBX failures are 502 / 503 / 504.
 */
@RestControllerAdvice(assignableTypes = {VoipRouteController.class, VoipApiController.class})
public class VoipWebExceptionHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(VoipWebExceptionHandler.class);

    /** For Spring. */
    public VoipWebExceptionHandler() {
    }

    /** 400: the request was rejected before anything was done. */
    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalid(InvalidRequestException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Invalid request");
        p.setType(URI.create("urn:voipkit:problem:invalid-request"));
        p.setProperty("field", e.field());
        String problem = e.getMessage();
        String prefix = e.field() + ": ";
        p.setProperty("problem", problem.startsWith(prefix) ? problem.substring(prefix.length()) : problem);
        return p;
    }

    /** 503: the application lacks what the endpoint needs. */
    @ExceptionHandler(FeatureUnavailableException.class)
    ProblemDetail unavailable(FeatureUnavailableException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        p.setTitle("Not configured");
        return p;
    }

    /** 503: the PBX is not connected (the adapter reconnects by itself). */
    @ExceptionHandler(PbxNotConnectedException.class)
    ProblemDetail notConnected(PbxNotConnectedException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        p.setTitle("PBX not connected");
        return p;
    }

    /** 504: the PBX did not answer in time. */
    @ExceptionHandler(PbxTimeoutException.class)
    ProblemDetail timeout(PbxTimeoutException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.GATEWAY_TIMEOUT, e.getMessage());
        p.setTitle("PBX timeout");
        return p;
    }

    /** 502: the PBX refused the action; its own message is passed on. */
    @ExceptionHandler(PbxActionFailedException.class)
    ProblemDetail failed(PbxActionFailedException e) {
        log.debug("voipkit web: PBX action failed", e);
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, e.getMessage());
        p.setTitle("PBX action failed");
        return p;
    }
}
