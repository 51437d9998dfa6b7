package io.voipkit.freeswitch.internal;

import io.voipkit.core.internal.Checks;

/**
 * Hard bounds on what the ESL decoder accepts from the peer, so that a broken or hostile stream
 * ends the connection with a clear {@link EslProtocolException} instead of exhausting memory.
 *
 * <p>The defaults are far above what FreeSWITCH 1.10 sends: its longest header lines are channel
 * variables in the outbound {@code connect} reply (a few hundred bytes), its largest header block
 * is that reply (about 110 lines), and its largest bodies are events with every channel variable
 * (the held-back fixtures have events over 100 kB) and {@code show channels} answers.
 *
 * @param maxLineLength    longest header line in bytes, without its LF (default 65536: a channel
 *                         variable may hold an SDP or a long SIP header)
 * @param maxHeaders       most header lines in one frame's header block (default 1024)
 * @param maxContentLength largest {@code Content-Length} accepted (default 16 MiB)
 */
public record EslLimits(int maxLineLength, int maxHeaders, int maxContentLength) {

    /** 64 KiB lines, 1024 headers, 16 MiB bodies. */
    public static final EslLimits DEFAULT = new EslLimits(1 << 16, 1024, 16 << 20);

    /** Validates: every limit at least 1. */
    public EslLimits {
        Checks.positive(maxLineLength, "maxLineLength");
        Checks.positive(maxHeaders, "maxHeaders");
        Checks.positive(maxContentLength, "maxContentLength");
    }
}
