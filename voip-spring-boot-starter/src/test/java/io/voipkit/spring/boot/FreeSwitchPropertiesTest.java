package io.voipkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voipkit.core.CallControl;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.Endpoint;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.LiveState;
import io.voipkit.core.OriginateRequest;
import io.voipkit.core.OriginateResult;
import io.voipkit.core.ParkResult;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxTimeoutException;
import io.voipkit.simulator.esl.FreeSwitchSimulator;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The FreeSWITCH adapter's own settings as properties ({@code event-format}, {@code parking-lot},
 * {@code parking-slots} under {@code voip.pbx.<id>.*} / {@code voip.asterisk.*}): what the
 * starter's PBX then sends to the Event Socket (seen through a {@link RecordingProxy} in front of
 * voip-simulator's {@link FreeSwitchSimulator}), the errors naming the property, and their
 * rejection for Asterisk, the mirror of the AMI-only settings being rejected for FreeSWITCH.
 */
class FreeSwitchPropertiesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VoipAutoConfiguration.class));

    private FreeSwitchSimulator fs;
    private RecordingProxy proxy;

    @BeforeEach
    void start() throws IOException {
        fs = FreeSwitchSimulator.builder().password("fs-s3cret").heartbeat(Duration.ZERO).build().start();
        proxy = new RecordingProxy(fs.port());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        fs.close();
    }

    private String[] freeSwitch() {
        return new String[] {"voip.pbx.fs.type=freeswitch", "voip.pbx.fs.host=127.0.0.1",
            "voip.pbx.fs.port=" + proxy.port(), "voip.pbx.fs.secret=fs-s3cret", "voip.pbx.fs.action-timeout=2s",
            "voip.pbx.fs.reconnect.initial-delay=100ms", "voip.pbx.fs.reconnect.max-delay=500ms"};
    }

    // ------------------------------------------------------------------ event-format

    @ParameterizedTest
    @CsvSource({"json, json", "XML, xml", "Plain, plain"})
    void eventFormat_isTheFormatSubscribed_andEventsStillReachTheLiveState(String property, String onTheWire) {
        runner.withPropertyValues(freeSwitch()).withPropertyValues("voip.pbx.fs.event-format=" + property).run(context -> {
            assertThat(context).hasNotFailed();
            Pbx pbx = context.getBean(Pbx.class);
            await().atMost(WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
            assertThat(proxy.sent()).contains("event " + onTheWire + " CHANNEL_CREATE");

            // An event after the connect, decoded from that format, reaches the live state.
            fs.registerPhone("1003");
            LiveState state = context.getBean(LiveState.class);
            await().atMost(WAIT).untilAsserted(() -> assertThat(state.endpoints())
                    .filteredOn(e -> e.status() == EndpointStatus.ONLINE).extracting(Endpoint::name).contains("1003"));
        });
    }

    @Test
    void withoutEventFormat_plainIsSubscribed() {
        runner.withPropertyValues(freeSwitch()).run(context -> {
            Pbx pbx = context.getBean(Pbx.class);
            await().atMost(WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
            assertThat(proxy.sent()).contains("event plain CHANNEL_CREATE").doesNotContain("event json");
        });
    }

    @Test
    void unknownEventFormat_failsNamingTheProperty() {
        runner.withPropertyValues(freeSwitch()).withPropertyValues("voip.pbx.fs.event-format=yaml")
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining("voip.pbx.fs.event-format"));
    }

    // ------------------------------------------------------------------ parking-lot, parking-slots

    @Test
    void parkingLotAndSlots_areWhereTheInjectedCallControlParks() {
        runner.withPropertyValues(freeSwitch())
                .withPropertyValues("voip.pbx.fs.parking-lot=crm-lot", "voip.pbx.fs.parking-slots=7001 - 7010")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Pbx pbx = context.getBean(Pbx.class);
                    await().atMost(WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
                    CallControl calls = context.getBean(CallControl.class);
                    OriginateResult call = calls.originate(OriginateRequest.toApplication("loopback/9000/default", "park", null)
                            .timeout(Duration.ofSeconds(10)).build());
                    assertThat(call.success()).as("%s", call).isTrue();
                    try {
                        ParkResult parked = calls.park(call.uniqueId(), null, Duration.ofSeconds(60));
                        assertThat(parked.parkingLot()).isEqualTo("crm-lot");
                        assertThat(Integer.parseInt(parked.space())).isBetween(7001, 7010);
                    } catch (PbxTimeoutException simulatorWithoutValetParkingEvents) {
                        // A simulator that runs valet_park without answering with valet_parking::info leaves
                        // park() waiting in vain; what matters here is the command, checked below.
                        // (StarterRealFreeSwitchIT parks on the real FreeSWITCH and checks the lot and slot.)
                    }
                    assertThat(proxy.sent()).contains("valet_park:crm-lot auto in 7001 7010");
                });
    }

    @Test
    void withoutParkingSettings_theAdaptersDefaultsAreUsed() {
        runner.withPropertyValues(freeSwitch()).withPropertyValues("voip.pbx.fs.parking-lot=", "voip.pbx.fs.parking-slots= ")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Pbx pbx = context.getBean(Pbx.class);
                    await().atMost(WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
                    CallControl calls = context.getBean(CallControl.class);
                    OriginateResult call = calls.originate(OriginateRequest.toApplication("loopback/9000/default", "park", null)
                            .timeout(Duration.ofSeconds(10)).build());
                    try {
                        calls.park(call.uniqueId(), null, Duration.ofSeconds(60));
                    } catch (PbxTimeoutException simulatorWithoutValetParkingEvents) {
                        // see above
                    }
                    assertThat(proxy.sent()).contains("valet_park:voipkit auto in 6001 6099");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"crm lot", "lot;rm", "lot'x"})
    void badParkingLot_failsNamingTheProperty(String lot) {
        runner.withPropertyValues(freeSwitch()).withPropertyValues("voip.pbx.fs.parking-lot=" + lot)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOfSatisfying(InvalidRequestException.class,
                                e -> assertThat(e.field()).isEqualTo("voip.pbx.fs.parking-lot"))
                        .hasMessageContaining("letters, digits"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "6099-6001 | must not be below first",
        "0-10      | parking-slots",
        "6001      | must be <first>-<last>",
        "6001-     | must be <first>-<last>",
        "a-b       | must be <first>-<last>",
        "1-2-3     | must be <first>-<last>",
        "-5-10     | must be <first>-<last>",
        "99999999999-1 | must be <first>-<last>"})
    void badParkingSlots_failNamingTheProperty(String slots, String problem) {
        runner.withPropertyValues(freeSwitch()).withPropertyValues("voip.pbx.fs.parking-slots=" + slots)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOfSatisfying(InvalidRequestException.class,
                                e -> assertThat(e.field()).isEqualTo("voip.pbx.fs.parking-slots"))
                        .hasMessageContaining(problem));
    }

    @Test
    void theSettingsAlsoWorkUnderVoipAsteriskWithTypeFreeswitch() {
        runner.withPropertyValues("voip.asterisk.type=freeswitch", "voip.asterisk.host=127.0.0.1",
                "voip.asterisk.port=" + proxy.port(), "voip.asterisk.secret=fs-s3cret", "voip.asterisk.event-format=json",
                "voip.asterisk.parking-lot=front-desk").run(context -> {
                    assertThat(context).hasNotFailed();
                    Pbx pbx = context.getBean(Pbx.class);
                    await().atMost(WAIT).until(() -> pbx.connectionState() == ConnectionState.CONNECTED);
                    assertThat(proxy.sent()).contains("event json CHANNEL_CREATE");
                });
        runner.withPropertyValues("voip.asterisk.type=freeswitch", "voip.asterisk.host=127.0.0.1",
                "voip.asterisk.secret=x", "voip.asterisk.parking-slots=9-1")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOfSatisfying(InvalidRequestException.class,
                                e -> assertThat(e.field()).isEqualTo("voip.asterisk.parking-slots")));
    }

    // ------------------------------------------------------------------ refused for Asterisk

    @ParameterizedTest
    @CsvSource({"event-format, json", "parking-lot, crm-lot", "parking-slots, 7001-7010"})
    void freeSwitchSettings_areRejectedForAsterisk_namingTheProperty(String key, String value) {
        runner.withPropertyValues("voip.pbx.office.host=127.0.0.1", "voip.pbx.office.username=crm",
                "voip.pbx.office.secret=s", "voip.pbx.office." + key + "=" + value)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOfSatisfying(InvalidRequestException.class,
                                e -> assertThat(e.field()).isEqualTo("voip.pbx.office." + key))
                        .hasMessageContaining("only for FreeSWITCH"));
        runner.withPropertyValues("voip.asterisk.host=127.0.0.1", "voip.asterisk.username=crm",
                "voip.asterisk.secret=s", "voip.asterisk." + key + "=" + value)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOfSatisfying(InvalidRequestException.class,
                                e -> assertThat(e.field()).isEqualTo("voip.asterisk." + key)));
    }

    @Test
    void connectionToString_showsTheFreeSwitchSettings_butNoSecret() {
        runner.withPropertyValues(freeSwitch()).withPropertyValues("voip.pbx.fs.event-format=json",
                "voip.pbx.fs.parking-lot=crm-lot", "voip.pbx.fs.parking-slots=7001-7010").run(context -> {
                    VoipProperties.Connection c = context.getBean(VoipProperties.class).pbx().get("fs");
                    assertThat(c.eventFormat()).isEqualTo(VoipProperties.EventFormat.JSON);
                    assertThat(c.toString()).contains("eventFormat=JSON", "parkingLot=crm-lot", "parkingSlots=7001-7010")
                            .doesNotContain("fs-s3cret");
                });
    }
}
