package io.voipkit.core.event;

import io.voipkit.core.CallDisposition;
import io.voipkit.core.CallRecord;
import io.voipkit.core.ChannelState;
import io.voipkit.core.ConnectionState;
import io.voipkit.core.EndpointStatus;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.MemberState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Validation of every event record, driven by the sealed hierarchy itself: a new record is
 * picked up automatically, and must then be listed in {@link #OPTIONAL} if it has optional
 * components, or the test fails.
 */
class PbxEventRecordsTest {
    private static final Instant T = Instant.parse("2026-11-24T20:16:39Z");
    private static final RawFields RAW = RawFields.of("Event", "Sample");

    /** The components that may be null (text: blank is normalised to null), per record. */
    private static final Map<Class<?>, Set<String>> OPTIONAL = Map.ofEntries(
            Map.entry(ChannelCreated.class, Set.of("linkedId", "callerIdNum", "callerIdName", "context", "exten")),
            Map.entry(ChannelStateChanged.class, Set.of("callerIdNum", "connectedLineNum")),
            Map.entry(CallDialing.class, Set.of("channel", "uniqueId", "dialString", "callerIdNum", "destCallerIdNum")),
            Map.entry(CallAnswered.class, Set.of("channel", "uniqueId", "dialStatus")),
            Map.entry(CallBridged.class, Set.of("bridgeType")),
            Map.entry(CallUnbridged.class, Set.of("bridgeType")),
            Map.entry(CallEnded.class, Set.of("linkedId", "callerIdNum", "connectedLineNum", "causeText", "duration")),
            Map.entry(CallTransferred.class, Set.of("targetExten", "targetContext", "result")),
            Map.entry(CallParked.class, Set.of("parkingLot", "timeout", "parkerChannel")),
            Map.entry(DtmfReceived.class, Set.of("direction", "duration")),
            Map.entry(EndpointStatusChanged.class, Set.of("detail", "contactUri", "roundtrip")),
            Map.entry(QueueCallerJoined.class, Set.of("callerIdNum")),
            Map.entry(QueueMemberStatusChanged.class, Set.of("memberName", "pausedReason")),
            Map.entry(AgentConnected.class, Set.of("memberName", "destChannel")),
            Map.entry(AgentCompleted.class, Set.of("memberName", "reason")),
            Map.entry(ConferenceJoined.class, Set.of("callerIdNum")),
            Map.entry(ConferenceLeft.class, Set.of("callerIdNum")),
            Map.entry(VariableSet.class, Set.of("channel", "uniqueId")),
            Map.entry(UserDefinedEvent.class, Set.of("channel", "uniqueId")),
            Map.entry(LogLineReceived.class, Set.of("thread", "callId", "source", "file")),
            Map.entry(ConnectionStateChanged.class, Set.of("reason")));

    /** String components that are required but may be empty (they carry data, not identity). */
    private static final Set<String> MAY_BE_EMPTY = Set.of("VariableSet.value", "LogLineReceived.message");

    static Stream<Class<?>> records() {
        return Arrays.stream(PbxEvent.class.getPermittedSubclasses());
    }

    @Test
    void everyArchitectureEventExists() {
        assertThat(records().map(Class::getSimpleName)).containsExactlyInAnyOrder(
                "ChannelCreated", "ChannelStateChanged", "CallDialing", "CallAnswered", "CallBridged", "CallUnbridged",
                "CallEnded", "CallTransferred", "CallParked", "DtmfReceived", "EndpointStatusChanged",
                "QueueCallerJoined", "QueueCallerLeft", "QueueCallerAbandoned", "QueueMemberStatusChanged",
                "AgentConnected", "AgentCompleted", "ConferenceJoined", "ConferenceLeft", "VariableSet",
                "UserDefinedEvent", "CallRecordCreated", "LogLineReceived", "ConnectionStateChanged",
                "StateResynced", "UnknownEvent");
    }

    @ParameterizedTest
    @MethodSource("records")
    void startsWithPbxIdTimestampRaw(Class<?> type) {
        RecordComponent[] c = type.getRecordComponents();
        assertThat(c).hasSizeGreaterThanOrEqualTo(4);
        assertThat(List.of(c[0].getName(), c[1].getName(), c[2].getName())).containsExactly("pbxId", "timestamp", "raw");
    }

    @ParameterizedTest
    @MethodSource("records")
    void acceptsValidValuesAndReturnsThem(Class<?> type) throws Exception {
        Object[] args = valid(type);
        PbxEvent e = (PbxEvent) construct(type, args);
        RecordComponent[] c = type.getRecordComponents();
        for (int i = 0; i < c.length; i++) {
            assertThat(c[i].getAccessor().invoke(e)).as(c[i].getName()).isEqualTo(args[i]);
        }
        assertThat(e.pbxId()).isEqualTo("pbx1");
        assertThat(construct(type, args)).isEqualTo(e).hasSameHashCodeAs(e);
    }

    @ParameterizedTest
    @MethodSource("records")
    void rejectsNullsBlanksAndNegativesNamingTheField(Class<?> type) throws Exception {
        RecordComponent[] c = type.getRecordComponents();
        Set<String> optional = OPTIONAL.getOrDefault(type, Set.of());
        assertThat(Arrays.stream(c).map(RecordComponent::getName)).as("OPTIONAL table for " + type.getSimpleName())
                .containsAll(optional);
        for (int i = 0; i < c.length; i++) {
            String name = c[i].getName();
            Class<?> t = c[i].getType();
            List<Object> bad = new ArrayList<>();
            if (!t.isPrimitive() && !optional.contains(name)) {
                bad.add(null);
            }
            if (t == String.class && !optional.contains(name) && !MAY_BE_EMPTY.contains(type.getSimpleName() + "." + name)) {
                bad.add("");
                bad.add("  ");
            }
            if (t == int.class && !name.equals("end")) {
                bad.add(-1);
            }
            if (t == Duration.class) {
                bad.add(Duration.ofSeconds(-1));
            }
            for (Object value : bad) {
                Object[] args = valid(type);
                args[i] = value;
                assertThatThrownBy(() -> construct(type, args))
                        .as("%s.%s = %s", type.getSimpleName(), name, value)
                        .isInstanceOfSatisfying(InvalidRequestException.class, ex -> assertThat(ex.field()).isEqualTo(name));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("records")
    void optionalComponentsAcceptNullAndNormaliseBlankToNull(Class<?> type) throws Exception {
        RecordComponent[] c = type.getRecordComponents();
        Set<String> optional = OPTIONAL.getOrDefault(type, Set.of());
        for (int i = 0; i < c.length; i++) {
            if (!optional.contains(c[i].getName())) {
                continue;
            }
            Object[] args = valid(type);
            args[i] = null;
            assertThat(c[i].getAccessor().invoke(construct(type, args))).as(c[i].getName()).isNull();
            if (c[i].getType() == String.class) {
                args[i] = " ";
                assertThat(c[i].getAccessor().invoke(construct(type, args))).as(c[i].getName()).isNull();
            }
        }
    }

    @Test
    void nameIsTheWireEventNameElseTheClassName() {
        CallEnded fromAmi = new CallEnded("pbx1", T, RawFields.of("Event", "Hangup"), "c", "u", null, null, null, 16,
                "Normal Clearing", null);
        assertThat(fromAmi.name()).isEqualTo("Hangup");
        CallEnded fromEsl = new CallEnded("pbx1", T, RawFields.of("Event-Name", "CHANNEL_HANGUP"), "c", "u", null, null,
                null, 16, null, Duration.ofSeconds(3));
        assertThat(fromEsl.name()).isEqualTo("CHANNEL_HANGUP");
        ConnectionStateChanged local = new ConnectionStateChanged("pbx1", T, RawFields.empty(),
                ConnectionState.CONNECTING, ConnectionState.CONNECTED, null);
        assertThat(local.name()).isEqualTo("ConnectionStateChanged");
        assertThat(new UnknownEvent("pbx1", T, RawFields.of("Event", "DeviceStateChange"), "DeviceStateChange").name())
                .isEqualTo("DeviceStateChange");
    }

    @Test
    void userDefinedEventExposesItsHeadersFromRaw() {
        UserDefinedEvent e = new UserDefinedEvent("pbx1", T,
                RawFields.of("Event", "UserEvent", "UserEvent", "CrmTest", "Ticket", "T-42"), "CrmTest", null, null);
        assertThat(e.name()).isEqualTo("CrmTest");
        assertThat(e.header("ticket")).contains("T-42");
        assertThat(e.header("missing")).isEmpty();
    }

    @Test
    void helpersReadTheirComponents() {
        assertThat(new CallTransferred("p", T, RAW, CallTransferred.Kind.BLIND, "c", "u", "201", "test", "Success")
                .succeeded()).isTrue();
        assertThat(new CallTransferred("p", T, RAW, CallTransferred.Kind.BLIND, "c", "u", "201", "test", "Fail")
                .succeeded()).isFalse();
        assertThat(new VariableSet("p", T, RAW, null, null, "GLOBALVAR", "").global()).isTrue();
        assertThat(new QueueMemberStatusChanged("p", T, RAW, "support", null, "Local/agent1@agents/n",
                MemberState.NOT_IN_USE, false, null, 0, 0, false).available()).isTrue();
        assertThat(new QueueMemberStatusChanged("p", T, RAW, "support", null, "Local/agent1@agents/n",
                MemberState.NOT_IN_USE, true, "lunch", 0, 0, false).available()).isFalse();
    }

    @Test
    void stateResyncedCopiesItsLists() {
        List<String> ended = new ArrayList<>(List.of("1.1"));
        StateResynced e = new StateResynced("p", T, RawFields.empty(), ended, List.of(), Duration.ofSeconds(5));
        ended.add("1.2");
        assertThat(e.endedCalls()).containsExactly("1.1");
        assertThatThrownBy(() -> e.endedCalls().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new StateResynced("p", T, RawFields.empty(), Arrays.asList("a", null), List.of(),
                Duration.ZERO)).isInstanceOfSatisfying(InvalidRequestException.class,
                ex -> assertThat(ex.field()).isEqualTo("endedCalls[1]"));
    }

    // ---- helpers --------------------------------------------------------------------------

    private static Object construct(Class<?> type, Object[] args) throws Exception {
        Class<?>[] types = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Constructor<?> ctor = type.getDeclaredConstructor(types);
        try {
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** A valid argument list for {@code type}: distinct, non-blank values of the right types. */
    private static Object[] valid(Class<?> type) {
        RecordComponent[] c = type.getRecordComponents();
        Object[] args = new Object[c.length];
        for (int i = 0; i < c.length; i++) {
            args[i] = sample(c[i].getType(), c[i].getName());
        }
        args[0] = "pbx1";
        args[1] = T;
        args[2] = RAW;
        return args;
    }

    private static Object sample(Class<?> t, String name) {
        if (t == String.class) {
            return name + "-value";
        } else if (t == int.class) {
            return 3;
        } else if (t == boolean.class) {
            return true;
        } else if (t == Duration.class) {
            return Duration.ofMillis(1500);
        } else if (t == Instant.class) {
            return T;
        } else if (t == RawFields.class) {
            return RAW;
        } else if (t == List.class) {
            return List.of(name + "-1", name + "-2");
        } else if (t == ChannelState.class) {
            return ChannelState.RINGING;
        } else if (t == EndpointStatus.class) {
            return EndpointStatus.ONLINE;
        } else if (t == MemberState.class) {
            return MemberState.IN_USE;
        } else if (t == ConnectionState.class) {
            return ConnectionState.CONNECTED;
        } else if (t == LogLevel.class) {
            return LogLevel.WARNING;
        } else if (t == CallTransferred.Kind.class) {
            return CallTransferred.Kind.ATTENDED;
        } else if (t == CallRecord.class) {
            return CallRecord.builder().uniqueId("1.1").start(T).end(T.plusSeconds(5))
                    .disposition(CallDisposition.ANSWERED).build();
        }
        throw new AssertionError("no sample for " + t + " " + name);
    }
}
