package io.voipkit.freeswitch.dialplan;

import io.voipkit.core.HangupCause;
import io.voipkit.core.PbxActionFailedException;
import io.voipkit.freeswitch.internal.EslConnection;
import io.voipkit.freeswitch.internal.EslConnectionConfig;
import io.voipkit.freeswitch.internal.RealFreeSwitch;
import io.voipkit.routing.NumberGroup;
import io.voipkit.routing.RouteAction;
import io.voipkit.routing.RoutingRule;
import io.voipkit.routing.RuleSet;
import io.voipkit.routing.Strategy;
import io.voipkit.routing.TimeCondition;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated dialplan loaded by the real FreeSWITCH 1.10.12 ({@link RealFreeSwitch}): written as
 * an include file into its {@code conf/dialplan/}, {@code reloadxml}, then FreeSWITCH's own parse
 * ({@code xml_locate}) and calls into the context show that conditions, time attributes and actions
 * work as generated.
 */
class FreeSwitchDialplanIT {

    @Test
    void freeSwitchLoadsAndRunsTheGeneratedDialplan() throws Exception {
        RuleSet rules = RuleSet.builder()
                .group(NumberGroup.builder("park").strategy(Strategy.RING_ALL).members("loopback/7700/default").build())
                // A holiday-only rule for a day long past: must never match.
                .rule(RoutingRule.builder("xmas-2000").priority(1).called("5001")
                        .time(TimeCondition.builder(ZoneId.of("Europe/Berlin")).holiday(LocalDate.of(2000, 12, 25))
                                .onHolidays(TimeCondition.HolidayMode.ONLY).build())
                        .action(new RouteAction.Reject(HangupCause.USER_BUSY)).build())
                // Every day, all day, holidays excluded (none today): always matches.
                .rule(RoutingRule.builder("always").priority(2).called("_500X")
                        .time(TimeCondition.builder(ZoneId.of("Europe/Berlin")).days(DayOfWeek.MONDAY, DayOfWeek.SUNDAY)
                                .between(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT).holiday(LocalDate.of(2000, 1, 1)).build())
                        .action(new RouteAction.Reject(HangupCause.CALL_REJECTED)).build())
                .rule(RoutingRule.builder("to-park").priority(3).called("^+49").toGroup("park").build())
                .defaultAction(new RouteAction.Reject(HangupCause.NO_ROUTE_DESTINATION))
                .build();
        FreeSwitchDialplan dialplan = FreeSwitchDialplan.builder().context("voipkit_it").build();
        try (RealFreeSwitch fs = RealFreeSwitch.start();
             EslConnection c = new EslConnection(EslConnectionConfig.builder().host("127.0.0.1").port(fs.eslPort)
                     .password(fs.password).build())) {
            c.connect();
            String confDir = api(c, "global_getvar", "conf_dir").strip();
            dialplan.writeFile(rules, Path.of(confDir, "dialplan", "voipkit_it.xml"));
            assertThat(api(c, "reloadxml", null)).startsWith("+OK");

            String located = api(c, "xml_locate", "dialplan context name voipkit_it");
            assertThat(located).contains("<context name=\"voipkit_it\">").contains("voipkit-xmas-2000").contains("voipkit-always")
                    .contains("voipkit-to-park").contains("voipkit-default").contains("date-time=\"2000-12-25 00:00:00~2000-12-25 23:59:59\"").doesNotContain("-ERR");

            // 5001: the past holiday rule must not match, the always-rule must: its cause comes back.
            assertThat(api(c, "originate", "loopback/5001/voipkit_it &park()")).as(fs.tail()).startsWith("-ERR CALL_REJECTED");
            // Nothing matches 6000: the default route.
            assertThat(api(c, "originate", "loopback/6000/voipkit_it &park()")).startsWith("-ERR NO_ROUTE_DESTINATION");
            // +4930...: bridged to the park extension of context default, so the call is up.
            String up = api(c, "originate", "loopback/+4930123/voipkit_it &park()");
            assertThat(up).as(fs.tail()).startsWith("+OK ");
            api(c, "hupall", "NORMAL_CLEARING");
        }
    }

    /** The api/response body; the client turns {@code -ERR} answers into an exception, whose FreeSWITCH text is returned. */
    private static String api(EslConnection c, String command, String args) throws Exception {
        try {
            return c.api(command, args).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PbxActionFailedException failed) {
                return failed.pbxMessage();
            }
            throw e;
        }
    }
}
