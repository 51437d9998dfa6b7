package io.voipkit.freeswitch.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The header names FreeSWITCH 1.10 sends (every name the recorded transcripts in
 * {@code ../shared/fixtures/esl} hold at least twice), so the event parser can turn the bytes of a
 * known name into the same interned {@link String} every time instead of decoding a new one per
 * header line: one table probe instead of an allocation, and later lookups (here and in
 * {@code RawFields.firstOrNull}) hit by reference.
 *
 * <p>Beyond the recorded names, two call-record variables FreeSWITCH sets only when configured
 * ({@code variable_accountcode}, {@code variable_bleg_uuid}) are known too.
 *
 * <p>The first {@link #HOT} names are the ones the event mapper and {@link EslEvent}'s accessors
 * read on every event; {@link EslEvent} records their positions while parsing, so reading them
 * costs no scan. The table is an open-addressing hash over the ASCII-lower-cased bytes, so one probe
 * sequence finds both the exact spelling and a hot name that differs only in case (fact 7: names
 * are case-sensitive data, and {@link EslEvent#get} falls back to a case-insensitive match).
 *
 * <p>Immutable after class initialisation; thread-safe.
 */
final class EslHeaderNames {

    /** {@code Event-Name}. */
    static final int EVENT_NAME = 0;
    /** {@code Event-Subclass}. */
    static final int EVENT_SUBCLASS = 1;
    /** {@code Job-UUID}. */
    static final int JOB_UUID = 2;
    /** {@code Unique-ID}. */
    static final int UNIQUE_ID = 3;
    /** {@code Content-Length}. */
    static final int CONTENT_LENGTH = 4;
    /** {@code Event-Date-Timestamp}. */
    static final int EVENT_DATE_TIMESTAMP = 5;
    /** {@code Channel-Name}. */
    static final int CHANNEL_NAME = 6;
    /** {@code Channel-Call-UUID}. */
    static final int CHANNEL_CALL_UUID = 7;
    /** {@code Caller-Caller-ID-Number}. */
    static final int CALLER_ID_NUMBER = 8;
    /** {@code Caller-Caller-ID-Name}. */
    static final int CALLER_ID_NAME = 9;
    /** {@code Caller-Context}. */
    static final int CALLER_CONTEXT = 10;
    /** {@code Caller-Destination-Number}. */
    static final int CALLER_DESTINATION = 11;
    /** {@code Caller-Callee-ID-Number}. */
    static final int CALLEE_ID_NUMBER = 12;
    /** {@code Answer-State}. */
    static final int ANSWER_STATE = 13;
    /** {@code Other-Leg-Channel-Name}. */
    static final int OTHER_LEG_CHANNEL_NAME = 14;
    /** {@code Other-Leg-Unique-ID}. */
    static final int OTHER_LEG_UNIQUE_ID = 15;
    /** {@code Bridge-A-Unique-ID}. */
    static final int BRIDGE_A_UNIQUE_ID = 16;
    /** {@code Hangup-Cause}. */
    static final int HANGUP_CAUSE = 17;
    /** {@code variable_duration}. */
    static final int VARIABLE_DURATION = 18;
    /** {@code DTMF-Digit}. */
    static final int DTMF_DIGIT = 19;
    /** {@code DTMF-Source}. */
    static final int DTMF_SOURCE = 20;
    /** {@code DTMF-Duration}. */
    static final int DTMF_DURATION = 21;
    /** {@code Application}. */
    static final int APPLICATION = 22;
    /** {@code Application-Data}. */
    static final int APPLICATION_DATA = 23;
    /** {@code variable_transfer_source}. */
    static final int VARIABLE_TRANSFER_SOURCE = 24;
    /** {@code Action}. */
    static final int ACTION = 25;
    /** {@code Valet-Lot-Name}. */
    static final int VALET_LOT_NAME = 26;
    /** {@code Valet-Extension}. */
    static final int VALET_EXTENSION = 27;
    /** {@code Conference-Name}. */
    static final int CONFERENCE_NAME = 28;
    /** {@code Moderator}. */
    static final int MODERATOR = 29;
    /** {@code username}. */
    static final int USERNAME = 30;
    /** {@code user}. */
    static final int USER = 31;
    /** {@code from-user}. */
    static final int FROM_USER = 32;
    /** {@code contact}. */
    static final int CONTACT = 33;
    /** {@code CC-Action}. */
    static final int CC_ACTION = 34;
    /** {@code CC-Queue}. */
    static final int CC_QUEUE = 35;
    /** {@code CC-Member-Session-UUID}. */
    static final int CC_MEMBER_SESSION_UUID = 36;
    /** {@code CC-Member-CID-Number}. */
    static final int CC_MEMBER_CID_NUMBER = 37;
    /** {@code CC-Cause}. */
    static final int CC_CAUSE = 38;
    /** {@code CC-Member-Joined-Time}. */
    static final int CC_MEMBER_JOINED_TIME = 39;
    /** {@code CC-Member-Leaving-Time}. */
    static final int CC_MEMBER_LEAVING_TIME = 40;
    /** {@code CC-Agent}. */
    static final int CC_AGENT = 41;
    /** {@code CC-Agent-Answered-Time}. */
    static final int CC_AGENT_ANSWERED_TIME = 42;
    /** {@code CC-Agent-Called-Time}. */
    static final int CC_AGENT_CALLED_TIME = 43;
    /** {@code CC-Bridge-Terminated-Time}. */
    static final int CC_BRIDGE_TERMINATED_TIME = 44;
    /** {@code CC-Hangup-Cause}. */
    static final int CC_HANGUP_CAUSE = 45;
    /** {@code variable_start_epoch}. */
    static final int VARIABLE_START_EPOCH = 46;
    /** {@code variable_answer_epoch}. */
    static final int VARIABLE_ANSWER_EPOCH = 47;
    /** {@code variable_end_epoch}. */
    static final int VARIABLE_END_EPOCH = 48;
    /** {@code variable_billsec}. */
    static final int VARIABLE_BILLSEC = 49;
    /** {@code variable_accountcode}. */
    static final int VARIABLE_ACCOUNTCODE = 50;
    /** {@code variable_bleg_uuid}. */
    static final int VARIABLE_BLEG_UUID = 51;
    /** {@code variable_last_app}. */
    static final int VARIABLE_LAST_APP = 52;
    /** {@code variable_last_arg}. */
    static final int VARIABLE_LAST_ARG = 53;
    /** {@code variable_read_codec}. */
    static final int VARIABLE_READ_CODEC = 54;
    /** {@code variable_write_codec}. */
    static final int VARIABLE_WRITE_CODEC = 55;
    /** {@code Other-Type}. */
    static final int OTHER_TYPE = 56;

    /** Names with a position slot in every parsed plain event: ids {@code 0 .. HOT-1}. */
    static final int HOT = 57;

    /** Hot names first (in id order), then the other known names, most frequent first. */
    private static final String[] NAMES = {
            "Event-Name", "Event-Subclass", "Job-UUID", "Unique-ID", "Content-Length", "Event-Date-Timestamp",
            "Channel-Name", "Channel-Call-UUID", "Caller-Caller-ID-Number", "Caller-Caller-ID-Name", "Caller-Context",
            "Caller-Destination-Number", "Caller-Callee-ID-Number", "Answer-State", "Other-Leg-Channel-Name",
            "Other-Leg-Unique-ID", "Bridge-A-Unique-ID", "Hangup-Cause", "variable_duration", "DTMF-Digit",
            "DTMF-Source", "DTMF-Duration", "Application", "Application-Data", "variable_transfer_source", "Action",
            "Valet-Lot-Name", "Valet-Extension", "Conference-Name", "Moderator", "username", "user", "from-user",
            "contact", "CC-Action", "CC-Queue", "CC-Member-Session-UUID", "CC-Member-CID-Number", "CC-Cause",
            "CC-Member-Joined-Time", "CC-Member-Leaving-Time", "CC-Agent", "CC-Agent-Answered-Time",
            "CC-Agent-Called-Time", "CC-Bridge-Terminated-Time", "CC-Hangup-Cause",
            "variable_start_epoch", "variable_answer_epoch", "variable_end_epoch", "variable_billsec",
            "variable_accountcode", "variable_bleg_uuid",
            "variable_last_app", "variable_last_arg", "variable_read_codec", "variable_write_codec", "Other-Type",
            "Content-Type", "Core-UUID", "FreeSWITCH-Switchname", "FreeSWITCH-IPv4", "FreeSWITCH-IPv6",
            "Event-Date-Local", "Event-Date-GMT", "Event-Calling-File", "Event-Calling-Function",
            "Event-Calling-Line-Number", "Event-Sequence", "FreeSWITCH-Hostname", "Text-Channel", "Log-File",
            "Log-Func", "Log-Line", "User-Data", "Log-Level", "Channel-State", "Channel-Call-State",
            "Channel-State-Number", "Call-Direction", "Presence-Call-Direction", "Channel-HIT-Dialplan",
            "Channel-Read-Codec-Name", "Channel-Read-Codec-Rate", "Channel-Read-Codec-Bit-Rate",
            "Channel-Write-Codec-Name", "Channel-Write-Codec-Rate", "Channel-Write-Codec-Bit-Rate",
            "Caller-Direction", "Caller-Logical-Direction", "Caller-Dialplan", "Caller-Orig-Caller-ID-Number",
            "Caller-ANI", "Caller-Unique-ID", "Caller-Source", "Caller-Channel-Name", "Caller-Profile-Index",
            "Caller-Profile-Created-Time", "Caller-Channel-Created-Time", "Caller-Channel-Answered-Time",
            "Caller-Channel-Progress-Time", "Caller-Channel-Progress-Media-Time", "Caller-Channel-Hangup-Time",
            "Caller-Channel-Transfer-Time", "Caller-Channel-Resurrect-Time", "Caller-Channel-Bridged-Time",
            "Caller-Channel-Last-Hold", "Caller-Channel-Hold-Accum", "Caller-Screen-Bit", "Caller-Privacy-Hide-Name",
            "Caller-Privacy-Hide-Number", "Dialplan", "Caller-Callee-ID-Name", "variable_direction", "variable_uuid",
            "variable_call_uuid", "variable_session_id", "variable_read_rate",
            "variable_write_rate", "variable_channel_name",
            "variable_other_loopback_leg_uuid", "variable_loopback_leg", "variable_current_application",
            "variable_endpoint_disposition", "Reply-Text", "variable_is_outbound", "variable_originate_early_media",
            "variable_originate_endpoint", "variable_origination_caller_id_number", "Application-UUID",
            "variable_pre_transfer_caller_id_number", "variable_channel_cid_flipped", "Caller-Orig-Caller-ID-Name",
            "variable_current_application_data", "variable_hangup_cause", "variable_hangup_cause_q850",
            "variable_digits_dialed", "variable_start_stamp", "variable_profile_start_stamp", "variable_answer_stamp",
            "variable_end_stamp", "variable_start_uepoch", "variable_profile_start_epoch",
            "variable_profile_start_uepoch", "variable_answer_uepoch",
            "variable_bridge_epoch", "variable_bridge_uepoch", "variable_last_hold_epoch",
            "variable_last_hold_uepoch", "variable_hold_accum_seconds", "variable_hold_accum_usec",
            "variable_hold_accum_ms", "variable_resurrect_epoch", "variable_resurrect_uepoch",
            "variable_progress_epoch", "variable_progress_uepoch", "variable_progress_media_epoch",
            "variable_progress_media_uepoch", "variable_end_uepoch", "variable_caller_id",
            "variable_progresssec", "variable_answersec", "variable_waitsec",
            "variable_progress_mediasec", "variable_flow_billsec", "variable_mduration", "variable_billmsec",
            "variable_progressmsec", "variable_answermsec", "variable_waitmsec", "variable_progress_mediamsec",
            "variable_flow_billmsec", "variable_uduration", "variable_billusec", "variable_progressusec",
            "variable_answerusec", "variable_waitusec", "variable_progress_mediausec", "variable_flow_billusec",
            "variable_is_loopback", "Other-Leg-Direction",
            "Other-Leg-Logical-Direction", "Other-Leg-Dialplan", "Other-Leg-Caller-ID-Name",
            "Other-Leg-Caller-ID-Number", "Other-Leg-Orig-Caller-ID-Number", "Other-Leg-Callee-ID-Number",
            "Other-Leg-ANI", "Other-Leg-Destination-Number", "Other-Leg-Source", "Other-Leg-Context",
            "Other-Leg-Profile-Created-Time", "Other-Leg-Channel-Created-Time", "Other-Leg-Channel-Answered-Time",
            "Other-Leg-Channel-Progress-Time", "Other-Leg-Channel-Progress-Media-Time",
            "Other-Leg-Channel-Hangup-Time", "Other-Leg-Channel-Transfer-Time", "Other-Leg-Channel-Resurrect-Time",
            "Other-Leg-Channel-Bridged-Time", "Other-Leg-Channel-Last-Hold", "Other-Leg-Channel-Hold-Accum",
            "Other-Leg-Screen-Bit", "Other-Leg-Privacy-Hide-Name", "Other-Leg-Privacy-Hide-Number",
            "Application-Response", "variable_playback_last_offset_pos", "variable_playback_seconds",
            "variable_playback_ms", "variable_playback_samples", "variable_signal_bond", "Caller-Transfer-Source",
            "variable_transfer_history", "variable_origination_caller_id_name", "variable_max_forwards",
            "variable_crm_note", "Conference-Domain", "Conference-Size", "Conference-Ghosts",
            "Conference-Profile-Name", "Conference-Unique-ID", "Original-Channel-Call-State",
            "Channel-Call-State-Number", "variable_bridge_channel", "variable_bridge_uuid", "variable_socket_host",
            "Other-Leg-Callee-ID-Name", "variable_last_bridge_to", "variable_read_terminator_used",
            "variable_read_result", "variable_last_sent_callee_id_name", "variable_last_sent_callee_id_number",
            "profile-name", "network-ip", "network-port", "user-agent", "call-id", "expires", "from-host", "rpid",
            "to-user", "to-host", "Floor", "Video", "Hear", "See", "Speak", "Talking", "Mute-Detect", "Hold",
            "Member-ID", "Member-Type", "Member-Ghost", "Energy-Level", "Current-Energy", "variable_current_loop",
            "variable_total_loops", "variable_other_loopback_from_uuid", "status", "Caller-RDNIS",
            "variable_original_destination_number", "variable_original_caller_id_number",
            "variable_loopback_from_uuid", "variable_originator_codec", "variable_originator",
            "variable_originating_leg_uuid", "variable_last_bridge_role", "variable_bridge_stamp",
            "variable_bridge_hangup_cause", "realm", "variable_digits", "Job-Command",
            "variable_original_caller_id_name", "variable_pre_transfer_caller_id_name", "variable_crm_id",
            "variable_originated_legs", "variable_originate_disposition", "variable_DIALSTATUS",
            "variable_originate_causes", "variable_last_bridge_hangup_cause", "variable_pagd_digits", "variable_got",
            "Job-Command-Arg", "variable_crm_transferred", "CC-Agent-Status", "Crm-Id",
            "CC-Member-UUID", "CC-Member-CID-Name", "File", "Bridge-B-Unique-ID", "auth-result",
            "variable_last_dtmf_duration", "CC-Agent-State", "variable_cc_side", "variable_cc_member_uuid",
            "variable_cc_queue", "CC-Agent-System", "Event-UUID", "Command", "sip_number_alias", "sip_auth_username",
            "sip_auth_realm", "number_alias", "user_name", "domain_name", "record_stereo", "default_gateway",
            "default_areacode", "transfer_fallback_extension", "toll_allow", "accountcode", "user_context",
            "effective_caller_id_name", "effective_caller_id_number", "outbound_caller_id_name",
            "outbound_caller_id_number", "callgroup", "Other-Leg-Orig-Caller-ID-Name", "variable_cc_agent",
            "CC-Agent-UUID", "CC-Agent-Contact", "Async", "Error", "variable_inline_destination",
            "variable_sound_prefix", "variable_bridge_to", "USAGE", "presence-hosts", "Call-ID", "User", "Contact",
            "Agent", "Status", "Host", "IP", "Port", "Auth-User", "Auth-Realm", "Direction",
            "variable_cc_queue_joined_epoch", "CC-Count", "CC-Selection", "CC-Agent-Type",
            "variable_ignore_early_media", "variable_cc_agent_type", "variable_cc_member_session_uuid",
            "variable_cc_agent_bridged", "Old-ID", "New-ID", "seconds", "milliseconds", "samples",
            "Controlled-Session-UUID", "Content-Disposition", "variable_valet_lot_extension", "variable_uuid_bridge",
            "channel-read-codec-name", "channel-read-codec-rate", "channel-read-codec-bit-rate",
            "Channel-Write-codec-bit-rate", "API-Command", "API-Command-Argument", "call-command", "execute-app-name",
            "Crm-Note", "host", "registration-type", "WaitingContent-Length", "CC-Agent-Bridged",
            "variable_cc_agent_uuid", "variable_cc_queue_answered_epoch", "variable_cc_cause",
            "variable_cc_queue_terminated_epoch", "Channel-Direction", "Channel-Logical-Direction",
            "Channel-Dialplan", "Channel-Caller-ID-Number", "Channel-Orig-Caller-ID-Number", "Channel-Callee-ID-Name",
            "Channel-Callee-ID-Number", "Channel-ANI", "Channel-Destination-Number", "Channel-Unique-ID",
            "Channel-Source", "Channel-Context", "Channel-Channel-Name", "Channel-Profile-Index",
            "Channel-Profile-Created-Time", "Channel-Channel-Created-Time", "Channel-Channel-Answered-Time",
            "Channel-Channel-Progress-Time", "Channel-Channel-Progress-Media-Time", "Channel-Channel-Hangup-Time",
            "Channel-Channel-Transfer-Time", "Channel-Channel-Resurrect-Time", "Channel-Channel-Bridged-Time",
            "Channel-Channel-Last-Hold", "Channel-Channel-Hold-Accum", "Channel-Screen-Bit",
            "Channel-Privacy-Hide-Name", "Channel-Privacy-Hide-Number", "Socket-Mode", "Control",
            "variable_current_application_response", "Linger-Time", "Event-Info", "Up-Time", "FreeSWITCH-Version",
            "Uptime-msec", "Session-Count", "Max-Sessions", "Session-Per-Sec", "Session-Per-Sec-Last",
            "Session-Per-Sec-Max", "Session-Per-Sec-FiveMin", "Session-Since-Startup", "Session-Peak-Max",
            "Session-Peak-FiveMin", "Idle-CPU", "Task-ID", "Task-Desc", "Task-Group", "Task-Runtime",
            "Bridge-To-UUID", "execute-app-arg",
    };

    private static final byte[][] BYTES = new byte[NAMES.length][];
    /**
     * Every name's bytes back to back ({@link #OFFSETS}, {@link #LENGTHS}): the lookup compares
     * against ~8 kB that stay in the CPU cache instead of chasing 422 separate arrays.
     */
    private static final byte[] POOL;
    private static final int[] OFFSETS = new int[NAMES.length];
    private static final short[] LENGTHS = new short[NAMES.length];
    /** id + 1 per slot, 0 = empty. A power of two at most a quarter full: probe chains stay short. */
    private static final short[] TABLE = new short[Integer.highestOneBit(NAMES.length * 4) << 1];
    /** For every known id: the hot id it equals ignoring case, or -1. */
    private static final byte[] CI_HOT = new byte[NAMES.length];
    private static final Map<String, Integer> HOT_IDS = new HashMap<>(HOT * 2);
    /** Bytes of the longest name plus its colon that {@link #matches} compares in one go (5 words). */
    private static final int MATCH_BYTES = 40;
    /**
     * Per name: five little-endian 8-byte words of the name followed by its {@code ':'}, each next
     * to the mask of its bytes that are name or colon ({@code [10 id + 2k]} word, {@code [10 id + 2k + 1]}
     * mask; words past the name are 0 with mask 0). {@link #matches} compares a guessed name with
     * always the same five masked compares and no loop: a call to {@code Arrays.mismatch} per
     * header line cost a fifth of the parser's time (async-profiler, 2026-11-26), and a loop over a
     * name's own number of words mispredicts its exit on every line.
     */
    private static final long[] MATCH_WORDS;

    static {
        int mask = TABLE.length - 1;
        int total = 0;
        for (int id = 0; id < NAMES.length; id++) {
            byte[] b = NAMES[id].getBytes(StandardCharsets.US_ASCII);
            BYTES[id] = b;
            OFFSETS[id] = total;
            LENGTHS[id] = (short) b.length;
            total += b.length;
            if (b.length == 0 || NAMES[id].indexOf(':') >= 0 || NAMES[id].indexOf('\n') >= 0) {
                // matches() relies on it: a known name followed by ':' is the whole name
                throw new ExceptionInInitializerError("ESL header name with ':' or LF, or empty: " + NAMES[id]);
            }
            int slot = hash(b, 0, b.length) & mask;
            while (TABLE[slot] != 0) {
                if (Arrays.equals(BYTES[TABLE[slot] - 1], b)) {
                    throw new ExceptionInInitializerError("duplicate ESL header name " + NAMES[id]);
                }
                slot = (slot + 1) & mask;
            }
            TABLE[slot] = (short) (id + 1);
            CI_HOT[id] = -1;
            for (int h = 0; h < HOT; h++) {
                if (NAMES[h].equalsIgnoreCase(NAMES[id])) {
                    CI_HOT[id] = (byte) h;
                    break;
                }
            }
            if (id < HOT) {
                HOT_IDS.put(NAMES[id], id);
            }
        }
        POOL = new byte[total];
        for (int id = 0; id < NAMES.length; id++) {
            System.arraycopy(BYTES[id], 0, POOL, OFFSETS[id], BYTES[id].length);
        }
        MATCH_WORDS = new long[NAMES.length * 10];
        for (int id = 0; id < NAMES.length; id++) {
            int used = BYTES[id].length + 1;
            if (used > MATCH_BYTES) {
                throw new ExceptionInInitializerError("ESL header name longer than " + (MATCH_BYTES - 1) + " bytes: " + NAMES[id]);
            }
            byte[] withColon = Arrays.copyOf(BYTES[id], MATCH_BYTES);
            withColon[BYTES[id].length] = ':';
            for (int k = 0; k < 5; k++) {
                int bytes = Math.max(0, Math.min(8, used - 8 * k));
                MATCH_WORDS[10 * id + 2 * k] = EslBytes.longAt(withColon, 8 * k);
                MATCH_WORDS[10 * id + 2 * k + 1] = bytes == 8 ? -1L : (1L << (bytes << 3)) - 1;
            }
        }
    }

    private EslHeaderNames() {
    }

    /** The name with this id (interned). */
    static String name(int id) {
        return NAMES[id];
    }

    /** Length in bytes of the name with this id (ASCII: also its length in chars). */
    static int length(int id) {
        return LENGTHS[id];
    }

    /**
     * Whether the header line at {@code b[from, end)} starts with the name {@code id} followed by
     * {@code ':'}: then that colon is the line's first (no known name holds ':' or LF), and the
     * line's name is exactly {@code id}. The check behind the parser's guess of the next name.
     */
    static boolean matches(int id, byte[] b, int from, int end) {
        int len = LENGTHS[id];
        int colon = from + len;
        if (colon >= end) {
            return false;
        }
        if (from + MATCH_BYTES > b.length) {
            // the last bytes of the array: five word reads would run past it
            int off = OFFSETS[id];
            return b[colon] == ':' && Arrays.mismatch(POOL, off, off + len, b, from, colon) < 0;
        }
        long[] w = MATCH_WORDS;
        int i = 10 * id;
        // the bytes after the colon are masked off: they are the value, which may be anything
        long diff = (EslBytes.longAt(b, from) ^ w[i]) & w[i + 1]
                | (EslBytes.longAt(b, from + 8) ^ w[i + 2]) & w[i + 3]
                | (EslBytes.longAt(b, from + 16) ^ w[i + 4]) & w[i + 5]
                | (EslBytes.longAt(b, from + 24) ^ w[i + 6]) & w[i + 7]
                | (EslBytes.longAt(b, from + 32) ^ w[i + 8]) & w[i + 9];
        return diff == 0;
    }

    /** The hot id that name {@code id} equals ignoring case, or -1 (what {@link #lookup} reports beside an exact match). */
    static int ciHot(int id) {
        return CI_HOT[id];
    }

    /** Number of known names. */
    static int count() {
        return NAMES.length;
    }

    /** The hot id of exactly this name, or -1. */
    static int hotId(String name) {
        Integer id = HOT_IDS.get(name);
        return id == null ? -1 : id;
    }

    /**
     * Hash of a name from its length and four of its bytes with ASCII letters folded to lower
     * case: constant time (a full hash costs more than the allocation it saves), equal for names
     * that differ only in ASCII case, and spread enough for the ~420 names (most collisions are
     * {@code variable_*} names of one length, told apart by the byte comparison).
     */
    static int hash(byte[] b, int from, int to) {
        int len = to - from;
        if (len == 0) {
            return 0;
        }
        int h = len;
        h = 31 * h + (b[from] | 0x20);
        h = 31 * h + (b[from + (len >>> 2)] | 0x20);
        h = 31 * h + (b[from + (len >>> 1)] | 0x20);
        h = 31 * h + (b[from + len - 1 - (len >>> 3)] | 0x20);
        h = 31 * h + (b[to - 1] | 0x20);
        return h ^ (h >>> 11);
    }

    /**
     * Looks up the name {@code b[from, to)}. Returns {@code (exactId + 1) | (ciHotId + 1) << 16}:
     * the known id spelled exactly so (0 = unknown name) and the hot id it equals ignoring ASCII
     * case (0 = none). A non-ASCII name is never known; its case-insensitive matches are left to
     * the caller (see {@link #hash}).
     */
    static int lookup(byte[] b, int from, int to) {
        return lookup(b, from, to, hash(b, from, to));
    }

    /** {@link #lookup(byte[], int, int)} with the {@link #hash} already computed. */
    static int lookup(byte[] b, int from, int to, int hash) {
        short[] t = TABLE;
        int mask = t.length - 1;
        int len = to - from;
        int ciHot = -1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int e = t[slot];
            if (e == 0) {
                return (ciHot + 1) << 16;
            }
            if (LENGTHS[e - 1] != len) {
                continue;
            }
            int off = OFFSETS[e - 1];
            int i = Arrays.mismatch(POOL, off, off + len, b, from, to);
            if (i < 0) {
                return e | (CI_HOT[e - 1] + 1) << 16;
            }
            if (ciHot < 0 && e - 1 < HOT && equalsIgnoringAsciiCase(BYTES[e - 1], b, from, i)) {
                ciHot = e - 1;
            }
        }
    }

    /** Whether {@code k} equals {@code b[from, from + k.length)} ignoring ASCII letter case; bytes before {@code start} are equal. */
    private static boolean equalsIgnoringAsciiCase(byte[] k, byte[] b, int from, int start) {
        for (int i = start; i < k.length; i++) {
            int x = k[i];
            int y = b[from + i];
            if (x != y && ((x | 0x20) != (y | 0x20) || (x | 0x20) < 'a' || (x | 0x20) > 'z')) {
                return false;
            }
        }
        return true;
    }
}
