package io.voipkit.core.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PbxIdsTest {

    @Test
    void kindHostAndPortWithCharactersAnIdMayNotHoldReplaced() {
        assertThat(PbxIds.defaultId("asterisk", "10.0.0.5", 5038)).isEqualTo("asterisk-10.0.0.5-5038");
        assertThat(PbxIds.defaultId("freeswitch", "fe80::1%eth0", 8021)).isEqualTo("freeswitch-fe80__1_eth0-8021");
        assertThat(Checks.identifier(PbxIds.defaultId("freeswitch", "fe80::1%eth0", 8021), "id")).isNotNull();
    }

    @Test
    void cutToSixtyFourCharacters() {
        String id = PbxIds.defaultId("asterisk", "a".repeat(100), 5038);
        assertThat(id).hasSize(64).startsWith("asterisk-aaa");
        assertThat(Checks.identifier(id, "id")).isEqualTo(id);
    }
}
