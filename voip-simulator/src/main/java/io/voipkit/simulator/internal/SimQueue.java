package io.voipkit.simulator.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One app_queue queue with members and waiting callers. Guarded by the {@link SimModel} lock. */
final class SimQueue {
    final String name;
    final String strategy;
    final int max;
    final int serviceLevel;
    final Map<String, Member> members = new LinkedHashMap<>();
    final List<Caller> callers = new ArrayList<>();
    int completed;
    int abandoned;
    long totalHold;
    long totalTalk;

    SimQueue(String name, String strategy, int max, int serviceLevel) {
        this.serviceLevel = serviceLevel;
        this.name = name;
        this.strategy = strategy;
        this.max = max;
    }

    static final class Member {
        final String iface;
        String name;
        String membership;
        int penalty;
        int callsTaken;
        long lastCall;
        long lastPause;
        long loginTime;
        boolean inCall;
        int status = 1; // AST_DEVICE_NOT_INUSE
        boolean paused;
        String pausedReason = "";

        Member(String iface, String name, String membership, long loginTime) {
            this.iface = iface;
            this.name = name;
            this.membership = membership;
            this.loginTime = loginTime;
        }
    }

    static final class Caller {
        final Chan chan;
        final int originalPosition;
        final long joinedEpochMillis;

        Caller(Chan chan, int originalPosition, long joinedEpochMillis) {
            this.chan = chan;
            this.originalPosition = originalPosition;
            this.joinedEpochMillis = joinedEpochMillis;
        }
    }
}
