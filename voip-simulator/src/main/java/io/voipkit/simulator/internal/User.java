package io.voipkit.simulator.internal;

import java.util.Set;

/**
 * A manager.conf user. The secret never appears in {@link #toString()}.
 *
 * @param name   user name
 * @param secret plain secret
 * @param read   classes of events the user may receive
 * @param write  classes of actions the user may send
 */
public record User(String name, String secret, Set<Privileges> read, Set<Privileges> write) {
    public User {
        read = Set.copyOf(read);
        write = Set.copyOf(write);
    }

    @Override
    public String toString() {
        return "User[name=" + name + ", read=" + read + ", write=" + write + ", secret=****]";
    }
}
