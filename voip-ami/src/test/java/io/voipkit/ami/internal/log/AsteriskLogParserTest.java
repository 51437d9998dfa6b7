package io.voipkit.ami.internal.log;

import io.voipkit.core.event.LogLevel;
import io.voipkit.core.event.LogLineReceived;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class AsteriskLogParserTest {
    /** After the recording (fixture files were written on 2026-11-24), so yearless lines land in 2026. */
    private static final Instant REFERENCE = Instant.parse("2026-11-25T12:13:00Z");
    /** Independent of the parser: "[anything] NAME[" at the start of a line. */
    private static final Pattern HEADER_LEVEL = Pattern.compile("^\\[[^\\]]*\\] ([A-Z]+)\\[");

    private final AsteriskLogParser parser = new AsteriskLogParser("pbx1", "full", ZoneOffset.UTC);

    @ParameterizedTest
    @ValueSource(strings = {"asterisk-full", "asterisk-messages"})
    void everyFixtureLineParsesAndLevelCountsEqualAGrepBasedCount(String fixture) {
        List<String> lines = LogFixtures.lines(fixture);
        AsteriskLogParser p = new AsteriskLogParser("pbx1", fixture, ZoneOffset.UTC);

        Map<LogLevel, Long> parsed = new EnumMap<>(LogLevel.class);
        Map<LogLevel, Long> grepped = new EnumMap<>(LogLevel.class);
        LogLevel lastHeaderLevel = LogLevel.UNKNOWN;
        List<LogLineReceived> events = new ArrayList<>();
        for (String line : lines) {
            LogLineReceived e = p.parse(line, REFERENCE);
            events.add(e);
            parsed.merge(e.level(), 1L, Long::sum);

            // The expected level, computed with a regex, not with the parser.
            LogLevel expected;
            if (line.startsWith("[")) {
                Matcher m = HEADER_LEVEL.matcher(line);
                expected = m.find() ? levelNamed(m.group(1)) : LogLevel.UNKNOWN;
                lastHeaderLevel = expected;
            } else {
                expected = lastHeaderLevel; // continuation of a multi-line message
            }
            grepped.merge(expected, 1L, Long::sum);
        }

        assertThat(events).hasSameSizeAs(lines);
        assertThat(parsed).isEqualTo(grepped);
        // Plain checks collected into one list: 16,000 AssertJ assertions would dominate the run time.
        Instant dayStart = Instant.parse("2026-11-24T00:00:00Z");
        Instant dayEnd = Instant.parse("2026-11-25T00:00:00Z");
        Pattern source = Pattern.compile("[a-z0-9_/]+(\\.c)?"); // "logger" (no .c) is real: "Log queue threshold exceeded"
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            LogLineReceived e = events.get(i);
            String kind = e.raw().firstOrNull("kind");
            boolean ok = e.pbxId().equals("pbx1") && fixture.equals(e.file())
                    // every date of the recording is on 2026-11-24 (UTC, the recording host's zone)
                    && !e.timestamp().isBefore(dayStart) && e.timestamp().isBefore(dayEnd)
                    && List.of("entry", "banner", "continuation").contains(kind);
            if (ok && "entry".equals(kind)) {
                ok = e.thread() != null && e.thread().matches("\\d+") && e.source() != null
                        && source.matcher(e.source()).matches() && e.level() != LogLevel.UNKNOWN;
            }
            if (!ok) {
                violations.add("line " + (i + 1) + ": " + e);
            }
        }
        assertThat(violations).isEmpty();
    }

    private static LogLevel levelNamed(String name) {
        return switch (name) {
            case "ERROR" -> LogLevel.ERROR;
            case "WARNING" -> LogLevel.WARNING;
            case "NOTICE" -> LogLevel.NOTICE;
            case "VERBOSE" -> LogLevel.VERBOSE;
            case "DEBUG" -> LogLevel.DEBUG;
            case "DTMF" -> LogLevel.DTMF;
            case "SECURITY" -> LogLevel.SECURITY;
            default -> LogLevel.UNKNOWN;
        };
    }

    @Test
    void fullFixtureHoldsBothDateFormatsBannersAndSipContinuations() {
        List<String> lines = LogFixtures.lines("asterisk-full");
        AsteriskLogParser p = new AsteriskLogParser("pbx1", "full", ZoneOffset.UTC);
        List<LogLineReceived> events = lines.stream().map(l -> p.parse(l, REFERENCE)).toList();

        assertThat(events).filteredOn(e -> "banner".equals(e.raw().firstOrNull("kind"))).hasSize(5);
        assertThat(events).filteredOn(e -> "continuation".equals(e.raw().firstOrNull("kind")))
                .hasSize((int) lines.stream().filter(l -> !l.startsWith("[")).count());
        List<String> callIds = events.stream().map(LogLineReceived::callId).filter(c -> c != null).toList();
        assertThat(callIds).isNotEmpty();
        assertThat(callIds.stream().filter(c -> !c.matches("C-[0-9a-f]{8}")).toList()).isEmpty();
        // Lines in a file come in time order (to the second: the ISO lines have millis, the
        // syslog-style ones do not); yearless dates must not jump back a year.
        List<Integer> backwards = new ArrayList<>();
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).timestamp().isBefore(events.get(i - 1).timestamp().truncatedTo(ChronoUnit.SECONDS))) {
                backwards.add(i + 1);
            }
        }
        assertThat(backwards).as("lines whose time goes backwards").isEmpty();
    }

    @Test
    void isoDateEntryWithMillis() {
        LogLineReceived e = parser.parse("[2026-11-24 20:12:57.774] VERBOSE[10530] pbx.c: Asterisk PBX Core Initializing", REFERENCE);

        assertThat(e.pbxId()).isEqualTo("pbx1");
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-24T20:12:57.774Z"));
        assertThat(e.level()).isEqualTo(LogLevel.VERBOSE);
        assertThat(e.thread()).isEqualTo("10530");
        assertThat(e.callId()).isNull();
        assertThat(e.source()).isEqualTo("pbx.c");
        assertThat(e.message()).isEqualTo("Asterisk PBX Core Initializing");
        assertThat(e.file()).isEqualTo("full");
        assertThat(e.raw().asList()).extracting(Map.Entry::getKey)
                .containsExactly("kind", "timestamp", "level", "thread", "file");
        assertThat(e.raw().firstOrNull("timestamp")).isEqualTo("2026-11-24 20:12:57.774");
    }

    @Test
    void syslogDateEntryWithCallIdInTheHostZone() {
        AsteriskLogParser berlin = new AsteriskLogParser("pbx1", "full", ZoneId.of("Europe/Berlin"));

        LogLineReceived e = berlin.parse("[Nov 24 20:16:39] VERBOSE[11138][C-00000001] app_dial.c: Called PJSIP/101-ep", REFERENCE);

        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-24T19:16:39Z"));
        assertThat(e.level()).isEqualTo(LogLevel.VERBOSE);
        assertThat(e.thread()).isEqualTo("11138");
        assertThat(e.callId()).isEqualTo("C-00000001");
        assertThat(e.source()).isEqualTo("app_dial.c");
        assertThat(e.message()).isEqualTo("Called PJSIP/101-ep");
        assertThat(e.raw().firstOrNull("callId")).isEqualTo("C-00000001");
    }

    @Test
    void sourceWithDirectoryAndWarningFromMessagesFile() {
        LogLineReceived resolver = parser.parse(
                "[Nov 24 20:27:10] VERBOSE[378] res_pjsip/pjsip_resolver.c: 'UDP+IPv4' is an available SIP transport", REFERENCE);
        LogLineReceived moh = parser.parse(
                "[Nov 24 20:18:46] WARNING[11607][C-0000000b] bridge_holding.c: Failed to start moh, starting silence generator instead",
                REFERENCE);

        assertThat(resolver.source()).isEqualTo("res_pjsip/pjsip_resolver.c");
        assertThat(resolver.message()).isEqualTo("'UDP+IPv4' is an available SIP transport");
        assertThat(moh.level()).isEqualTo(LogLevel.WARNING);
        assertThat(moh.callId()).isEqualTo("C-0000000b");
        assertThat(moh.timestamp()).isEqualTo(Instant.parse("2026-11-24T20:18:46Z"));
    }

    @Test
    void messageKeepsColonsAndBrackets() {
        LogLineReceived e = parser.parse(
                "[Nov 24 20:16:39] VERBOSE[11138][C-00000001] pbx.c: Executing [300@test:1] Dial(\"Local/300@test-00000000;2\", \"PJSIP/101-ep,10\") in new stack",
                REFERENCE);

        assertThat(e.source()).isEqualTo("pbx.c");
        assertThat(e.message()).isEqualTo("Executing [300@test:1] Dial(\"Local/300@test-00000000;2\", \"PJSIP/101-ep,10\") in new stack");
    }

    @Test
    void bannerHasTimeAndTextButNoLevel() {
        LogLineReceived e = parser.parse("[Nov 24 20:13:27] Asterisk 22.10.1+dfsg+~cs6.17.60671434-1 built by nobody @ buildhost.invalid "
                + "on a unknown running Linux on 2026-07-20 21:35:32 UTC", REFERENCE);

        assertThat(e.level()).isEqualTo(LogLevel.UNKNOWN);
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-24T20:13:27Z"));
        assertThat(e.thread()).isNull();
        assertThat(e.source()).isNull();
        assertThat(e.message()).startsWith("Asterisk 22.10.1").endsWith("21:35:32 UTC");
        assertThat(e.raw().firstOrNull("kind")).isEqualTo("banner");
    }

    @Test
    void continuationLinesInheritTheEntryTheyContinue() {
        LogLineReceived head = parser.parse("[Nov 24 20:27:26] VERBOSE[383] res_pjsip_logger.c: <--- Received SIP request (319 bytes) "
                + "from UDP:127.0.0.1:16081 --->", REFERENCE);
        LogLineReceived first = parser.parse("REGISTER sip:127.0.0.1:15060 SIP/2.0", REFERENCE);
        LogLineReceived blank = parser.parse("", REFERENCE);

        for (LogLineReceived c : List.of(first, blank)) {
            assertThat(c.timestamp()).isEqualTo(head.timestamp());
            assertThat(c.level()).isEqualTo(LogLevel.VERBOSE);
            assertThat(c.thread()).isEqualTo("383");
            assertThat(c.source()).isEqualTo("res_pjsip_logger.c");
            assertThat(c.raw().firstOrNull("kind")).isEqualTo("continuation");
        }
        assertThat(first.message()).isEqualTo("REGISTER sip:127.0.0.1:15060 SIP/2.0");
        assertThat(blank.message()).isEmpty();
    }

    @Test
    void resetForgetsThePreviousEntry() {
        parser.parse("[Nov 24 20:27:26] VERBOSE[383] res_pjsip_logger.c: packet", REFERENCE);
        parser.reset();

        LogLineReceived orphan = parser.parse("Via: SIP/2.0/UDP 127.0.0.1:16081", REFERENCE);

        assertThat(orphan.level()).isEqualTo(LogLevel.UNKNOWN);
        assertThat(orphan.timestamp()).isEqualTo(REFERENCE);
        assertThat(orphan.message()).isEqualTo("Via: SIP/2.0/UDP 127.0.0.1:16081");
        assertThat(orphan.raw().firstOrNull("kind")).isEqualTo("unparsed");
    }

    @Test
    void plainFormatterWithLineAndFunction() {
        LogLineReceived e = parser.parse(
                "[2026-11-24 20:16:39.101] DEBUG[11138][C-00000001]: res_pjsip_session.c:2954 ast_sip_session_create_outgoing: Creating session",
                REFERENCE);

        assertThat(e.level()).isEqualTo(LogLevel.DEBUG);
        assertThat(e.callId()).isEqualTo("C-00000001");
        assertThat(e.source()).isEqualTo("res_pjsip_session.c:2954 ast_sip_session_create_outgoing");
        assertThat(e.raw().firstOrNull("file")).isEqualTo("res_pjsip_session.c");
        assertThat(e.raw().firstOrNull("line")).isEqualTo("2954");
        assertThat(e.raw().firstOrNull("function")).isEqualTo("ast_sip_session_create_outgoing");
        assertThat(e.message()).isEqualTo("Creating session");
    }

    @Test
    void oldVerbosePrefixesAreStrippedAndKept() {
        LogLineReceived exec = parser.parse("[Nov  4 09:01:02] VERBOSE[200][C-00000002] pbx.c:     -- Executing [s@ivr:1] Answer(\"x\", \"\") in new stack", REFERENCE);
        LogLineReceived reg = parser.parse("[Nov  4 09:01:02] VERBOSE[200] loader.c:   == Registered application 'Dial'", REFERENCE);
        LogLineReceived gt = parser.parse("[Nov  4 09:01:02] VERBOSE[200] pbx.c:        > Channel PJSIP/101-ep-00000001 was answered.", REFERENCE);

        assertThat(exec.message()).isEqualTo("Executing [s@ivr:1] Answer(\"x\", \"\") in new stack");
        assertThat(exec.raw().firstOrNull("verbosePrefix")).isEqualTo("    -- ");
        assertThat(exec.timestamp()).isEqualTo(Instant.parse("2026-11-04T09:01:02Z"));
        assertThat(reg.message()).isEqualTo("Registered application 'Dial'");
        assertThat(gt.message()).isEqualTo("Channel PJSIP/101-ep-00000001 was answered.");
    }

    @Test
    void customLevelNameIsKeptInRawAndMapsToUnknown() {
        LogLineReceived e = parser.parse("[Nov 24 20:16:39] MYLEVEL[42] app_x.c: hello", REFERENCE);

        assertThat(e.level()).isEqualTo(LogLevel.UNKNOWN);
        assertThat(e.raw().firstOrNull("level")).isEqualTo("MYLEVEL");
        assertThat(e.message()).isEqualTo("hello");
        assertThat(e.raw().firstOrNull("kind")).isEqualTo("entry");
    }

    @Test
    void securityAndDtmfLevels() {
        assertThat(parser.parse("[Nov 24 20:16:39] SECURITY[42] res_security_log.c: SecurityEvent=\"FailedACL\"", REFERENCE).level())
                .isEqualTo(LogLevel.SECURITY);
        assertThat(parser.parse("[Nov 24 20:16:39] DTMF[42][C-00000003] channel.c: DTMF end '5' received on PJSIP/101-ep-00000001", REFERENCE).level())
                .isEqualTo(LogLevel.DTMF);
    }

    @Test
    void unsupportedDateFormatKeepsTheRestAndFallsBack() {
        parser.parse("[Nov 24 20:16:39] NOTICE[1] a.c: before", REFERENCE);

        LogLineReceived e = parser.parse("[24/11/2026 20:16:40] NOTICE[1] a.c: odd date", REFERENCE);

        assertThat(e.level()).isEqualTo(LogLevel.NOTICE);
        assertThat(e.message()).isEqualTo("odd date");
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-24T20:16:39Z"));
        assertThat(e.raw().firstOrNull("timestamp")).isEqualTo("24/11/2026 20:16:40");
        assertThat(e.raw().firstOrNull("timestampFallback")).isEqualTo("true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[", "[]", "[[[[", "[Nov 24 20:16:39", "[not a date] just text", "]", "[Nov 24 20:16:39]",
            "[Nov 24 20:16:39] ERROR[", "[Nov 24 20:16:39] ERROR[abc] x.c: y", "{\"level\":\"ERROR\",\"message\":\"json formatter\"}"})
    void hostileOrOddLinesBecomeUnknownWithTheRawTextAndNeverThrow(String line) {
        LogLineReceived e = parser.parse(line, REFERENCE);

        assertThat(e.level()).isEqualTo(LogLevel.UNKNOWN);
        assertThat(e.message()).isEqualTo(line);
        assertThat(e.timestamp()).isNotNull();
    }

    @Test
    void emptyLineBeforeAnyEntryIsUnknown() {
        LogLineReceived e = parser.parse("", REFERENCE);

        assertThat(e.level()).isEqualTo(LogLevel.UNKNOWN);
        assertThat(e.message()).isEmpty();
        assertThat(e.timestamp()).isEqualTo(REFERENCE);
    }

    @Test
    void hugeBracketTextIsNotScannedAsADate() {
        String line = "[" + "9".repeat(1_000_000) + "] ERROR[1] a.c: x";

        LogLineReceived e = parser.parse(line, REFERENCE);

        assertThat(e.level()).isEqualTo(LogLevel.UNKNOWN);
        assertThat(e.message()).hasSize(line.length());
    }

    @Test
    void truncatedLineGetsAMarker() {
        LogLineReceived e = parser.parse("[Nov 24 20:16:39] ERROR[1] a.c: start of a long", 5000, REFERENCE);

        assertThat(e.level()).isEqualTo(LogLevel.ERROR);
        assertThat(e.message()).isEqualTo("start of a long …[truncated 5000 bytes]");
        assertThat(e.raw().firstOrNull("truncatedBytes")).isEqualTo("5000");
    }

    @Test
    void emptyMessageAfterSource() {
        LogLineReceived e = parser.parse("[Nov 24 20:16:39] NOTICE[1] a.c: ", REFERENCE);
        LogLineReceived noSpace = parser.parse("[Nov 24 20:16:39] NOTICE[1] a.c:", REFERENCE);

        assertThat(e.source()).isEqualTo("a.c");
        assertThat(e.message()).isEmpty();
        assertThat(noSpace.source()).isEqualTo("a.c");
        assertThat(noSpace.message()).isEmpty();
    }
}
