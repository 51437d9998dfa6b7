package io.voipkit.ami.internal.adapter;

import io.voipkit.ami.internal.AmiAction;
import io.voipkit.ami.internal.AmiConnection;
import io.voipkit.ami.internal.AmiListResponse;
import io.voipkit.ami.internal.AmiMessage;
import io.voipkit.core.CallControl;
import io.voipkit.core.ChannelInfo;
import io.voipkit.core.HangupCause;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.OriginateFailure;
import io.voipkit.core.OriginateRequest;
import io.voipkit.core.OriginateResult;
import io.voipkit.core.ParkResult;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.PbxTimeoutException;
import io.voipkit.core.Recording;
import io.voipkit.core.RecordingRequest;
import io.voipkit.core.SpyRequest;
import io.voipkit.core.internal.Checks;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link CallControl} over AMI. Every method validates its arguments before anything is sent
 * (CR/LF in a value is an {@link InvalidRequestException} naming the field), sends on the current
 * connection through {@link AmiGateway} and turns {@code Response: Error} into
 * {@link PbxActionFailedException} with Asterisk's own message.
 *
 * <p><b>Originate is always sent with {@code Async: true}.</b> A synchronous AMI Originate makes
 * Asterisk hold the whole manager session until the far end answers or gives up (up to the
 * ringing timeout), which would stall every other action of this PBX. With {@code Async} the
 * response comes at once and the outcome arrives later as an {@code OriginateResponse} event with
 * our ActionID, which {@link EventWaiters} matches; the blocking {@link #originate} just waits for
 * that future up to the ringing timeout plus the action timeout.
 */
final class AmiCallControl implements CallControl {
    /** Longest DTMF tone accepted; Asterisk clamps higher values anyway. */
    static final Duration MAX_DTMF_DURATION = Duration.ofSeconds(10);
    /** Longest time a call may stay parked through this API. */
    static final Duration MAX_PARK_TIMEOUT = Duration.ofHours(24);

    private final AmiGateway gateway;
    private final Clock clock;

    AmiCallControl(AmiGateway gateway, Clock clock) {
        this.gateway = gateway;
        this.clock = clock;
    }

    @Override
    public OriginateResult originate(OriginateRequest request) {
        Checks.notNull(request, "request");
        Duration wait = request.timeout().plus(gateway.actionTimeout());
        return AmiGateway.await(originateAsync(request), "Originate", wait);
    }

    @Override
    public CompletableFuture<OriginateResult> originateAsync(OriginateRequest request) {
        Checks.notNull(request, "request");
        AmiAction.Builder b = AmiAction.builder("Originate").add("Channel", request.channel());
        if (request.isApplication()) {
            b.add("Application", request.application()).addIfPresent("Data", request.appData());
        } else {
            b.add("Exten", request.exten()).add("Context", request.context())
                    .add("Priority", Integer.toString(request.priority()));
        }
        b.addIfPresent("CallerID", request.callerId())
                .add("Timeout", Long.toString(request.timeout().toMillis()))
                .addIfPresent("Account", request.account());
        if (request.earlyMedia()) {
            b.add("EarlyMedia", "true");
        }
        for (Map.Entry<String, String> v : request.variables().entrySet()) {
            b.add("Variable", v.getKey() + "=" + v.getValue());
        }
        b.add("Async", "true");
        return originate(b.build(), request.channel(), request.timeout());
    }

    /** Sends an async Originate and completes with the outcome its OriginateResponse reports. */
    private CompletableFuture<OriginateResult> originate(AmiAction action, String channel, Duration ringTimeout) {
        Duration outcomeTimeout = ringTimeout.plus(gateway.actionTimeout());
        return gateway.send(action).thenCompose(response -> {
            AmiConnection.requireSuccess("Originate", response);
            String id = response.actionId();
            if (id == null) {
                throw new PbxActionFailedException("Originate", "the PBX answered without our ActionID");
            }
            return gateway.waiters().originateResponse(id)
                    .orTimeout(outcomeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .exceptionally(e -> {
                        Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                                ? e.getCause() : e;
                        if (c instanceof java.util.concurrent.TimeoutException) {
                            throw new PbxTimeoutException("Originate", outcomeTimeout);
                        }
                        throw AmiGateway.unwrap(c, "Originate");
                    });
        }).thenApply(event -> originateResult(event, channel));
    }

    /** Maps an {@code OriginateResponse} event to the result (Reason 4 = answered). */
    static OriginateResult originateResult(AmiMessage event, String requestedChannel) {
        String status = event.get("Response");
        int reason = AmiFields.intValue(event, "Reason", -1);
        String channel = AmiFields.text(event, "Channel");
        if ("Success".equalsIgnoreCase(status)) {
            return OriginateResult.succeeded(channel, AmiFields.text(event, "Uniqueid"),
                    "Originate succeeded (Reason " + reason + ")");
        }
        OriginateFailure failure = OriginateFailure.fromAsteriskReason(reason).orElse(OriginateFailure.FAILED);
        return OriginateResult.failed(failure, channel == null ? requestedChannel : channel,
                "Originate failed (Reason " + reason + ")");
    }

    @Override
    public void hangup(String channel, HangupCause cause) {
        Checks.wireText(channel, "channel");
        Checks.notNull(cause, "cause");
        if (cause == HangupCause.UNKNOWN) {
            throw new InvalidRequestException("cause", "must be a real hangup cause, not UNKNOWN");
        }
        gateway.call(AmiAction.of("Hangup", "Channel", channel, "Cause", Integer.toString(cause.code())));
    }

    @Override
    public void transfer(String channel, String exten, String context) {
        Checks.wireText(channel, "channel");
        Checks.wireText(exten, "exten");
        Checks.wireText(context, "context");
        gateway.call(AmiAction.of("Redirect", "Channel", channel, "Exten", exten, "Context", context, "Priority", "1"));
    }

    @Override
    public void attendedTransfer(String channel, String exten, String context) {
        Checks.wireText(channel, "channel");
        Checks.wireText(exten, "exten");
        Checks.optionalWireText(context, "context");
        gateway.call(AmiAction.builder("Atxfer").add("Channel", channel).add("Exten", exten)
                .addIfPresent("Context", context).build());
    }

    @Override
    public ParkResult park(String channel, String timeoutChannel, Duration timeout) {
        Checks.wireText(channel, "channel");
        Checks.optionalWireText(timeoutChannel, "timeoutChannel");
        Checks.positive(timeout, "timeout");
        Checks.atMost(timeout, MAX_PARK_TIMEOUT, "timeout");
        AmiAction park = AmiAction.builder("Park").add("Channel", channel)
                .addIfPresent("TimeoutChannel", timeoutChannel)
                .add("Timeout", Long.toString(timeout.toMillis())).build();
        // Registered before sending: the ParkedCall event may come right behind the response.
        CompletableFuture<AmiMessage> parked = gateway.waiters().parkedCall(channel);
        try {
            gateway.call(park);
            AmiMessage event = AmiGateway.await(parked, "Park", gateway.actionTimeout());
            String lot = AmiFields.text(event, "Parkinglot");
            String space = AmiFields.text(event, "ParkingSpace");
            if (space == null) {
                throw new PbxActionFailedException("Park", "parked, but the PBX named no parking space: " + event);
            }
            return new ParkResult(lot == null ? "default" : lot, space);
        } catch (PbxTimeoutException e) {
            throw new PbxActionFailedException("Park", "the PBX accepted the park but sent no ParkedCall event for "
                    + channel + " within " + gateway.actionTimeout().toMillis() + " ms", e);
        } finally {
            parked.cancel(false);
        }
    }

    @Override
    public OriginateResult spy(SpyRequest request) {
        Checks.notNull(request, "request");
        if (request.targetChannel().indexOf(',') >= 0 || request.targetChannel().indexOf('|') >= 0) {
            throw new InvalidRequestException("targetChannel", "must not contain ',' or '|' (they separate ChanSpy "
                    + "arguments): " + Checks.abbreviate(request.targetChannel()));
        }
        String options = spyOptions(request);
        AmiAction.Builder b = AmiAction.builder("Originate").add("Channel", request.spyChannel())
                .add("Application", "ChanSpy")
                .add("Data", options.isEmpty() ? request.targetChannel() : request.targetChannel() + "," + options)
                .addIfPresent("CallerID", request.callerId())
                .add("Timeout", Long.toString(OriginateRequest.DEFAULT_TIMEOUT.toMillis()))
                .add("Async", "true");
        Duration wait = OriginateRequest.DEFAULT_TIMEOUT.plus(gateway.actionTimeout());
        return AmiGateway.await(originate(b.build(), request.spyChannel(), OriginateRequest.DEFAULT_TIMEOUT),
                "Originate", wait);
    }

    /**
     * ChanSpy options (app_chanspy): {@code q} no beep/announcement, {@code w} whisper to the spied-on
     * channel, {@code B} barge: talk to both parties of the call.
     */
    static String spyOptions(SpyRequest request) {
        String mode = switch (request.mode()) {
            case LISTEN -> "";
            case WHISPER -> "w";
            case BARGE -> "B";
        };
        return (request.quiet() ? "q" : "") + mode;
    }

    @Override
    public void bridge(String channel1, String channel2) {
        Checks.wireText(channel1, "channel1");
        Checks.wireText(channel2, "channel2");
        if (channel1.equals(channel2)) {
            throw new InvalidRequestException("channel2", "must differ from channel1");
        }
        gateway.call(AmiAction.of("Bridge", "Channel1", channel1, "Channel2", channel2, "Tone", "no"));
    }

    @Override
    public void sendDtmf(String channel, String digits, Duration toneDuration) {
        Checks.wireText(channel, "channel");
        String checked = Checks.dtmfDigits(digits, "digits");
        Checks.positive(toneDuration, "toneDuration");
        Checks.atMost(toneDuration, MAX_DTMF_DURATION, "toneDuration");
        String ms = Long.toString(Math.max(1, toneDuration.toMillis()));
        // PlayDTMF takes one digit; each is sent and confirmed in turn so an error stops the rest.
        for (int i = 0; i < checked.length(); i++) {
            gateway.call(AmiAction.of("PlayDTMF", "Channel", channel, "Digit", String.valueOf(checked.charAt(i)),
                    "Duration", ms));
        }
    }

    @Override
    public Recording startRecording(RecordingRequest request) {
        Checks.notNull(request, "request");
        String file = request.fileName();
        if (file == null) {
            file = "voipkit-" + uniqueIdOf(request.channel()) + "-" + clock.instant().getEpochSecond();
        }
        if (!file.endsWith("." + request.format())) {
            file = file + "." + request.format();
        }
        StringBuilder options = new StringBuilder();
        if (request.options() != null) {
            options.append(request.options());
        }
        if (!request.mixBothLegs()) {
            // r()/t(): each direction also goes to a file of its own, beside the mixed file.
            String base = file.substring(0, file.length() - request.format().length() - 1);
            options.append("r(").append(base).append("-in.").append(request.format()).append(')')
                    .append("t(").append(base).append("-out.").append(request.format()).append(')');
        }
        AmiAction.Builder b = AmiAction.builder("MixMonitor").add("Channel", request.channel()).add("File", file);
        if (options.length() > 0) {
            b.add("Options", Checks.noLineBreaks(options.toString(), "options"));
        }
        gateway.call(b.build());
        return new Recording(request.channel(), file);
    }

    /** The channel's {@code UNIQUEID}, for a generated recording name; '.' kept, it is file-safe. */
    private String uniqueIdOf(String channel) {
        AmiMessage r = gateway.call(AmiAction.of("Getvar", "Channel", channel, "Variable", "UNIQUEID"));
        String value = AmiFields.text(r, "Value");
        if (value == null || !value.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new PbxActionFailedException("Getvar", "no usable UNIQUEID for channel " + channel
                    + " (got " + (value == null ? "nothing" : Checks.abbreviate(value)) + ")");
        }
        return value;
    }

    @Override
    public void stopRecording(String channel) {
        Checks.wireText(channel, "channel");
        gateway.call(AmiAction.of("StopMixMonitor", "Channel", channel));
    }

    @Override
    public Optional<ChannelInfo> channelInfo(String channel) {
        Checks.wireText(channel, "channel");
        return activeChannels().stream().filter(c -> c.channel().equals(channel)).findFirst();
    }

    @Override
    public List<ChannelInfo> activeChannels() {
        AmiListResponse list = gateway.list(AmiAction.of("CoreShowChannels"));
        if (!list.isSuccess()) {
            throw new PbxActionFailedException("CoreShowChannels", list.response().message());
        }
        return AmiRecords.channels(list);
    }
}
