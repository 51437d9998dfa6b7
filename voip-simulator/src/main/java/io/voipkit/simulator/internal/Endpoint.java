package io.voipkit.simulator.internal;

/** One PJSIP endpoint with its AOR and at most one contact. Guarded by the {@link SimModel} lock. */
final class Endpoint {
    final String name;
    final String number;
    final String displayName;
    final String password;
    boolean registered;
    int contactPort;
    String contactHash;
    String callId;
    long regExpire;
    int roundtripUsec;

    Endpoint(String name, String number, String displayName, String password) {
        this.name = name;
        this.number = number;
        this.displayName = displayName;
        this.password = password;
    }

    String uri() {
        return "sip:" + name + "@127.0.0.1:" + contactPort;
    }

    String contactId() {
        return name + ";@" + contactHash;
    }
}
