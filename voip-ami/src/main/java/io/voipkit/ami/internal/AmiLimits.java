package io.voipkit.ami.internal;

import io.voipkit.core.internal.Checks;

/**
 * Hard bounds on what the AMI decoder accepts from the peer, so that a broken or hostile stream
 * ends the connection with a clear {@link AmiProtocolException} instead of exhausting memory.
 *
 * <p>The defaults are far above anything a real Asterisk 22 sends (its longest lines are CLI
 * output and {@code Cdr} events of a few hundred bytes; its largest messages are
 * {@code Command} responses of a few KiB) and small enough that a connection never buffers more
 * than about one MiB.
 *
 * @param maxLineLength   longest header line in bytes, without its line end (default 8192)
 * @param maxHeaders      most header lines in one message (default 1024)
 * @param maxMessageBytes most bytes in one message, line ends included (default 1 MiB)
 */
public record AmiLimits(int maxLineLength, int maxHeaders, int maxMessageBytes) {

    /** 8192-byte lines, 1024 headers, 1 MiB messages. */
    public static final AmiLimits DEFAULT = new AmiLimits(8192, 1024, 1 << 20);

    /** Validates: every limit at least 1, and a line must fit in a message. */
    public AmiLimits {
        Checks.positive(maxLineLength, "maxLineLength");
        Checks.positive(maxHeaders, "maxHeaders");
        Checks.positive(maxMessageBytes, "maxMessageBytes");
    }
}
