package io.voipkit.simulator.esl.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One simulated FreeSWITCH channel (a call leg). Fields are guarded by the {@link FsModel} lock.
 */
public final class FsChannel {
    final String uuid;
    final String name;
    /** {@code inbound} (the switch received it) or {@code outbound} (the switch placed it). */
    final String direction;
    String cidName;
    String cidNum;
    /** {@code Caller-Callee-ID-Name}; {@code null} = not set (FreeSWITCH then sends no header). */
    String calleeName = "";
    String calleeNum = "";
    /** {@code Orig-Caller-ID-*} and {@code ANI}: the caller id the leg was created with (not flipped). */
    final String origCidName;
    final String origCidNum;
    /** {@code Caller-Destination-Number}; changes on an XML transfer. */
    String dest;
    String context;
    final String source;
    /** The user this leg belongs to ({@code 1000}), or {@code null} for loopback legs. */
    final String user;
    String state = "CS_INIT";
    int stateNumber = 2;
    String callState = "DOWN";
    String answerState = "ringing";
    String application = "";
    String applicationData = "";
    final long createdMicros;
    long answeredMicros;
    long bridgedMicros;
    long hangupMicros;
    String otherUuid;
    String hangupCause;
    String recording;
    /** Whether {@code switch_channel_flip_cid} ran (an originated leg once answered): caller and callee swapped. */
    boolean flipped;
    /** {@code Caller-Profile-Index}: 1, plus one per transfer. */
    int profileIndex = 1;
    /** {@code Caller-Transfer-Source} of the last transfer, or {@code null}. */
    String transferSource;
    /** {@code Caller-RDNIS}: the destination before the last XML transfer, or {@code null}. */
    String rdnis;
    /** {@code Caller-Dialplan} after a transfer ({@code XML} or {@code inline}); {@code null} = as recorded. */
    String dialplan;
    /** att_xfer in progress on this (transferring) leg: the uuid of its held peer, else {@code null}. */
    String heldPeer;
    /** The valet lot and slot this leg is parked in, or {@code null}. */
    String valetLot;
    String valetSlot;
    /** Whether the {@code hold} event was sent (until then the slot is only reserved). */
    boolean valetHeld;
    final Map<String, String> vars = new LinkedHashMap<>();

    FsChannel(String uuid, String name, String direction, String cidName, String cidNum, String dest, String context,
              String source, String user, long createdMicros) {
        this.uuid = uuid;
        this.name = name;
        this.direction = direction;
        this.cidName = cidName == null ? "" : cidName;
        this.cidNum = cidNum == null ? "" : cidNum;
        this.origCidName = this.cidName;
        this.origCidNum = this.cidNum;
        this.dest = dest;
        this.context = context;
        this.source = source;
        this.user = user;
        this.createdMicros = createdMicros;
    }

    /** The channel's UUID ({@code Unique-ID}). */
    public String uuid() {
        return uuid;
    }

    /** The channel name, e.g. {@code sofia/internal/1000@127.0.0.1} or {@code loopback/9000-a}. */
    public String name() {
        return name;
    }

    boolean answered() {
        return answeredMicros > 0;
    }

    boolean hungUp() {
        return hangupMicros > 0;
    }
}
