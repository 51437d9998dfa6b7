package io.voipkit.ami.internal.adapter;

import io.voipkit.ami.internal.AmiListResponse;
import io.voipkit.ami.internal.AmiMessage;
import io.voipkit.core.ChannelInfo;
import io.voipkit.core.ChannelState;
import io.voipkit.core.PbxKind;
import io.voipkit.core.QueueStatus;
import io.voipkit.core.QueueSummary;
import io.voipkit.core.SystemInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns AMI answers into voip-core records: {@code CoreShowChannel} items, the
 * {@code QueueSummary} items, and the {@code CoreSettings}/{@code CoreStatus} responses.
 *
 * <p>An item the PBX sent that cannot become a record (for example a member without a
 * {@code Location}) is skipped with a WARN line naming it, so one odd item does not hide the rest.
 */
final class AmiRecords {
    private static final Logger LOG = LoggerFactory.getLogger(AmiRecords.class);

    private AmiRecords() {
    }

    /** A {@code CoreShowChannel} list item as {@link ChannelInfo}; {@code null} when unusable. */
    static ChannelInfo channelInfo(AmiMessage m) {
        String channel = AmiFields.text(m, "Channel");
        String uniqueId = AmiFields.text(m, "Uniqueid");
        if (channel == null || uniqueId == null) {
            LOG.warn("Skipping a CoreShowChannel item without Channel or Uniqueid: {}", m);
            return null;
        }
        int stateCode = AmiFields.intValue(m, "ChannelState", -1);
        return new ChannelInfo(channel, uniqueId, AmiFields.text(m, "Linkedid"),
                ChannelState.fromAsteriskCode(stateCode),
                AmiFields.text(m, "CallerIDNum"), AmiFields.text(m, "CallerIDName"),
                AmiFields.text(m, "ConnectedLineNum"), AmiFields.text(m, "ConnectedLineName"),
                AmiFields.text(m, "Context"), AmiFields.text(m, "Exten"),
                AmiFields.nonNegativeInt(m, "Priority", 0),
                AmiFields.text(m, "Application"), AmiFields.text(m, "ApplicationData"),
                AmiFields.hhmmss(m.get("Duration")), AmiFields.text(m, "BridgeId"), AmiFields.text(m, "AccountCode"));
    }

    /** Every {@code CoreShowChannel} item of a {@code CoreShowChannels} answer. */
    static List<ChannelInfo> channels(AmiListResponse list) {
        List<ChannelInfo> out = new ArrayList<>(list.items().size());
        for (AmiMessage item : list.items()) {
            if ("CoreShowChannel".equalsIgnoreCase(item.eventName())) {
                ChannelInfo info = channelInfo(item);
                if (info != null) {
                    out.add(info);
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * The wallboard figures of {@code queue}: {@code QueueSummary}'s counts (Asterisk's own notion
     * of logged-in and available agents) completed with {@code QueueStatus}'s completed,
     * abandoned and service level, which {@code QueueSummary} does not carry.
     *
     * @param summaryItem the {@code QueueSummary} item of the queue
     * @param status      the same queue's status, or {@code null} when unavailable
     */
    static QueueSummary queueSummary(String queue, AmiMessage summaryItem, QueueStatus status) {
        int loggedIn = AmiFields.nonNegativeInt(summaryItem, "LoggedIn", 0);
        int available = Math.min(loggedIn, AmiFields.nonNegativeInt(summaryItem, "Available", 0));
        return new QueueSummary(queue, loggedIn, available, AmiFields.nonNegativeInt(summaryItem, "Callers", 0),
                AmiFields.seconds(summaryItem, "HoldTime"), AmiFields.seconds(summaryItem, "TalkTime"),
                AmiFields.seconds(summaryItem, "LongestHoldTime"),
                status == null ? 0 : status.completed(), status == null ? 0 : status.abandoned(),
                status == null ? 0.0 : status.serviceLevelPerf());
    }

    /**
     * {@link SystemInfo} from the answers to {@code CoreSettings} and {@code CoreStatus}. Startup and
     * reload times are the PBX's local time, read in {@code zone}; uptime is measured from
     * {@code now}. Every other header (except ActionID/Response) lands in {@code details}.
     */
    static SystemInfo systemInfo(AmiMessage settings, AmiMessage status, ZoneId zone, Instant now) {
        Instant started = AmiFields.localDateTime(status.get("CoreStartupDate"), status.get("CoreStartupTime"), zone);
        Instant reloaded = AmiFields.localDateTime(status.get("CoreReloadDate"), status.get("CoreReloadTime"), zone);
        Duration uptime = started == null || started.isAfter(now) ? Duration.ZERO : Duration.between(started, now);
        Map<String, String> details = new LinkedHashMap<>();
        for (AmiMessage m : List.of(settings, status)) {
            for (int i = 0; i < m.size(); i++) {
                String name = m.nameAt(i);
                if (!name.equalsIgnoreCase("Response") && !name.equalsIgnoreCase("ActionID")
                        && !name.equalsIgnoreCase("Message")) {
                    details.putIfAbsent(name, m.valueAt(i));
                }
            }
        }
        String version = AmiFields.text(settings, "AsteriskVersion");
        return new SystemInfo(PbxKind.ASTERISK, version == null ? "unknown" : version, uptime, reloaded,
                AmiFields.nonNegativeInt(status, "CoreCurrentCalls", 0),
                AmiFields.nonNegativeInt(settings, "CoreMaxCalls", 0),
                AmiFields.text(settings, "SystemName"), AmiFields.text(settings, "AMIversion"), details);
    }
}
