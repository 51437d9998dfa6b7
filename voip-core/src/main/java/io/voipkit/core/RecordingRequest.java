package io.voipkit.core;

import io.voipkit.core.internal.Checks;

/**
 * A request to record a call (Asterisk {@code MixMonitor}, FreeSWITCH {@code uuid_record}).
 *
 * <pre>{@code
 * Recording rec = pbx.calls().startRecording(RecordingRequest.of("PJSIP/101-ep-00000012"));
 * callLog.setRecording(rec.file());
 * }</pre>
 *
 * @param channel     the channel to record; required
 * @param fileName    the file name without extension, relative to the PBX's recording directory
 *                    or absolute; letters, digits, {@code . _ - /} only, no {@code ..}; {@code null}
 *                    lets the adapter generate a unique one
 * @param format      the file format (extension), lower-case letters and digits, for example
 *                    {@code wav} (the default), {@code gsm}, {@code mp3}
 * @param mixBothLegs whether both directions go into one file (the default) rather than only
 *                    what the channel hears
 * @param options     PBX-specific options passed through unchanged (Asterisk MixMonitor options
 *                    such as {@code b}), or {@code null}
 */
public record RecordingRequest(String channel, String fileName, String format, boolean mixBothLegs, String options) {

    /** The default file format. */
    public static final String DEFAULT_FORMAT = "wav";

    /** Validates every field. */
    public RecordingRequest {
        Checks.wireText(channel, "channel");
        if (fileName != null) {
            validateFileName(fileName);
        }
        Checks.wireText(format, "format");
        if (!format.matches("[a-z0-9]{1,10}")) {
            throw new InvalidRequestException("format", "must be 1 to 10 lower-case letters or digits, was "
                    + Checks.abbreviate(format));
        }
        Checks.optionalWireText(options, "options");
    }

    private static void validateFileName(String name) {
        Checks.wireText(name, "fileName");
        if (name.length() > 255) {
            throw new InvalidRequestException("fileName", "must be at most 255 characters, was " + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-' || c == '/';
            if (!ok) {
                // Spaces, commas and shell characters split PBX arguments (MixMonitor options, uuid_record args).
                throw new InvalidRequestException("fileName", "may only contain letters, digits, '.', '_', '-' and '/', "
                        + "found '" + c + "' in " + Checks.abbreviate(name));
            }
        }
        for (String part : name.split("/", -1)) {
            if (part.equals("..")) {
                throw new InvalidRequestException("fileName", "must not contain '..' (it would leave the recording directory): "
                        + Checks.abbreviate(name));
            }
        }
        if (name.endsWith("/")) {
            throw new InvalidRequestException("fileName", "must name a file, not a directory: " + Checks.abbreviate(name));
        }
    }

    /** Records {@code channel}, both legs mixed, to a generated {@code wav} file. */
    public static RecordingRequest of(String channel) {
        return new RecordingRequest(channel, null, DEFAULT_FORMAT, true, null);
    }

    /** Starts a builder for a recording of {@code channel}. */
    public static Builder builder(String channel) {
        return new Builder(channel);
    }

    /** Builds a {@link RecordingRequest}. Not thread-safe. */
    public static final class Builder {
        private final String channel;
        private String fileName;
        private String format = DEFAULT_FORMAT;
        private boolean mixBothLegs = true;
        private String options;

        private Builder(String channel) {
            this.channel = Checks.wireText(channel, "channel");
        }

        /** The file name without extension; {@code null} to let the adapter generate one. */
        public Builder fileName(String fileName) {
            if (fileName != null) {
                validateFileName(fileName);
            }
            this.fileName = fileName;
            return this;
        }

        /** The file format; default {@code wav}. */
        public Builder format(String format) {
            this.format = Checks.wireText(format, "format");
            return this;
        }

        /** Whether both directions are mixed into one file; default true. */
        public Builder mixBothLegs(boolean mixBothLegs) {
            this.mixBothLegs = mixBothLegs;
            return this;
        }

        /** PBX-specific options passed through unchanged. */
        public Builder options(String options) {
            this.options = Checks.optionalWireText(options, "options");
            return this;
        }

        /** Builds the immutable request. */
        public RecordingRequest build() {
            return new RecordingRequest(channel, fileName, format, mixBothLegs, options);
        }
    }
}
