package io.voipkit.freeswitch.internal.adapter;

import io.voipkit.core.MemberState;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.core.QueueStatus;
import io.voipkit.core.SystemInfo;
import io.voipkit.core.PbxKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parsers of API answers, fed with answers as the transcripts recorded them. */
class FsRepliesTest {

    @Test
    void showChannelsAsJsonEmptyAndFull() {
        assertThat(FsReplies.jsonRows("show", "{\"row_count\": 0}\n")).isEmpty();
        List<Map<String, String>> rows = FsReplies.jsonRows("show", "{\"row_count\":1,\"rows\":[{\"uuid\":\"u1\","
                + "\"name\":\"loopback/9007-a\",\"callstate\":\"ACTIVE\",\"cid_name\":\"Doe, John\",\"created_epoch\":\"1795556058\"}]}");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("cid_name", "Doe, John").containsEntry("callstate", "ACTIVE");
        assertThat(FsResync.channel(rows.get(0), Instant.EPOCH)).satisfies(c -> {
            assertThat(c.state()).isEqualTo(io.voipkit.core.ChannelState.UP);
            assertThat(c.created()).isEqualTo(Instant.ofEpochSecond(1795556058));
        });
    }

    @Test
    void malformedJsonIsAnErrorNamingTheCommand() {
        assertThatThrownBy(() -> FsReplies.jsonRows("show channels as json", "-ERR oops"))
                .isInstanceOfSatisfying(PbxActionFailedException.class, e -> {
                    assertThat(e.action()).isEqualTo("show channels as json");
                    assertThat(e.pbxMessage()).contains("-ERR oops");
                });
        assertThatThrownBy(() -> FsReplies.jsonRows("show", "{\"rows\":[{\"a\":\"b\"}"))
                .isInstanceOf(PbxActionFailedException.class);
    }

    @Test
    void callcenterTablesWithHeaderRowsAndTheFinalOk() {
        String agents = """
                name|instance_id|uuid|type|contact|status|state|max_no_answer|wrap_up_time|reject_delay_time|busy_delay_time|no_answer_delay_time|last_bridge_start|last_bridge_end|last_offered_call|last_status_change|no_answer_count|calls_answered|talk_time|ready_time|external_calls_count
                agent9100@default|single_box||callback|[leg_timeout=10]loopback/9100/default|Available|Waiting|3|1|0|0|0|1795555972|1795555975|1795555972|1795552777|0|1|3|0|0
                agent9101@default|single_box||callback|[leg_timeout=10]loopback/9101/default|On Break|Waiting|3|1|0|0|0|1795552849|1795552852|1795552849|1795555976|0|0|0|0|0
                +OK
                """;
        String tiers = """
                queue|agent|state|level|position
                verify@default|agent9100@default|Ready|1|1
                verify@default|agent9101@default|Ready|2|2
                +OK
                """;
        String queues = """
                name|strategy|moh_sound|time_base_score|tier_rules_apply|tier_rule_wait_second|tier_rule_wait_multiply_level|tier_rule_no_agent_no_wait|discard_abandoned_after|abandoned_resume_allowed|max_wait_time|max_wait_time_with_no_agent|max_wait_time_with_no_agent_time_reached|record_template|calls_answered|calls_abandoned|ring_progressively_delay|skip_agents_with_external_calls|agent_no_answer_status
                verify@default|round-robin|tone_stream://%(200,0,500)|system|false|0|false|true|60|false|30|0|5||4|1|0|true|On Break
                +OK
                """;
        String members = """
                queue|instance_id|uuid|session_uuid|cid_number|cid_name|system_epoch|joined_epoch|rejoined_epoch|bridge_epoch|abandoned_epoch|base_score|skill_score|serving_agent|serving_system|state|score
                verify@default|single_box|m1|s1|+79161234567|Anna Smith|1795556126|1795556126|0|0|0|0|0|||Waiting|0
                verify@default|single_box|m2|s2|+79160000000|Bob|1795556100|1795556100|0|1795556101|0|0|0|agent9101@default|single_box|Answered|0
                +OK
                """;
        QueueStatus q = FsCallcenter.status(FsReplies.table("q", queues).get(0), FsReplies.table("t", tiers),
                FsReplies.table("a", agents), FsReplies.table("m", members), Instant.ofEpochSecond(1795556136));
        assertThat(q.name()).isEqualTo("verify@default");
        assertThat(q.strategy()).isEqualTo("round-robin");
        assertThat(q.completed()).isEqualTo(4);
        assertThat(q.abandoned()).isEqualTo(1);
        assertThat(q.members()).hasSize(2);
        assertThat(q.member("agent9100@default").orElseThrow()).satisfies(m -> {
            assertThat(m.status()).isEqualTo(MemberState.NOT_IN_USE);
            assertThat(m.penalty()).isEqualTo(1);
            assertThat(m.stateInterface()).isEqualTo("[leg_timeout=10]loopback/9100/default");
            assertThat(m.isAvailable()).isTrue();
        });
        assertThat(q.member("agent9101@default").orElseThrow()).satisfies(m -> {
            assertThat(m.paused()).isTrue();
            assertThat(m.penalty()).isEqualTo(2);
            assertThat(m.isAvailable()).isFalse();
        });
        assertThat(q.callers()).singleElement().satisfies(c -> {
            assertThat(c.uniqueId()).isEqualTo("s1");
            assertThat(c.callerIdName()).isEqualTo("Anna Smith");
            assertThat(c.waitTime()).isEqualTo(Duration.ofSeconds(10));
        });
    }

    @Test
    void anEmptyCallcenterListIsJustOkAndARaggedRowIsAnError() {
        assertThat(FsReplies.table("callcenter_config queue list members", "+OK\n")).isEmpty();
        assertThatThrownBy(() -> FsReplies.table("callcenter_config tier list", "a|b\n1|2|3\n+OK\n"))
                .isInstanceOf(PbxActionFailedException.class).hasMessageContaining("3 columns");
    }

    @Test
    void agentStatesMapToMemberStates() {
        assertThat(FsCallcenter.memberState("Logged Out", "Waiting")).isEqualTo(MemberState.UNAVAILABLE);
        assertThat(FsCallcenter.memberState("Available", "Receiving")).isEqualTo(MemberState.RINGING);
        assertThat(FsCallcenter.memberState("Available", "In a queue call")).isEqualTo(MemberState.IN_USE);
        assertThat(FsCallcenter.memberState("Available (On Demand)", "Idle")).isEqualTo(MemberState.BUSY);
    }

    @Test
    void statusOfTheFixtureIsParsedIntoSystemInfo() {
        String status = """
                UP 0 years, 0 days, 0 hours, 51 minutes, 51 seconds, 181 milliseconds, 132 microseconds
                FreeSWITCH (Version 1.10.12-release  64bit) is ready
                106 session(s) since startup
                0 session(s) - peak 8, last 5min 6\s
                0 session(s) per Sec out of max 30, peak 6, last 5min 6\s
                1000 session(s) max
                min idle cpu 0.00/98.07
                Current Stack Size/Max 240K/8192K
                """;
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        SystemInfo info = FsHealthCheck.parseStatus(status, now);
        assertThat(info.kind()).isEqualTo(PbxKind.FREESWITCH);
        assertThat(info.version()).isEqualTo("1.10.12-release");
        assertThat(info.uptime()).isEqualTo(Duration.ofMinutes(51).plusSeconds(51).plusMillis(181));
        assertThat(info.reloadTime()).isEqualTo(now.minus(info.uptime()));
        assertThat(info.currentCalls()).isZero();
        assertThat(info.maxCalls()).isEqualTo(1000);
        assertThat(info.details()).containsEntry("sessions-peak", "8").containsEntry("sessions-since-startup", "106");
        assertThatThrownBy(() -> FsHealthCheck.parseStatus("-ERR nothing", now)).isInstanceOf(PbxActionFailedException.class);
    }
}
