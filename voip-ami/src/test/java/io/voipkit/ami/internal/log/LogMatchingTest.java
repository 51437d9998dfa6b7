package io.voipkit.ami.internal.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class LogMatchingTest {
    @ParameterizedTest
    @CsvSource({
            "res_pjsip_registrar.c, res_pjsip_registrar.c, true",
            "res_pjsip_registrar.c, RES_PJSIP_REGISTRAR.C, true",
            "res_pjsip_registrar.c, res_pjsip_registrar, true",
            "res_pjsip_registrar.c, res_pjsip, true",
            "res_pjsip.c, res_pjsip, true",
            "res_pjsip/pjsip_resolver.c, res_pjsip, true",
            "res_pjsip/pjsip_resolver.c, pjsip_resolver.c, true",
            "res_pjsip/pjsip_resolver.c, pjsip_resolver, true",
            "chan_pjsip.c, PJSIP, true",
            "res_pjsip_registrar.c, pjsip, true",
            "res_pjsip/pjsip_resolver.c, PJSIP, true",
            "app_dial.c, app_dial, true",
            "app_dialx.c, app_dial, false",
            "dial.c, app_dial, false",
            "res_pjsip_registrar.c, res_pj, false",
            "chan_pjsip.c, res_pjsip, false",
            "pbx.c:4321 pbx_exec, pbx.c, true",
            "pbx.c:4321 pbx_exec, pbx_exec, false",
            "logger, logger, true",
            "app_queue.c, queue, true",
            "app_queue.c, que, false",
    })
    void sourceTerms(String source, String term, boolean expected) {
        assertThat(LogMatching.sourceMatches(source, term)).isEqualTo(expected);
    }

    @Test
    void nullSourceNeverMatches() {
        assertThat(LogMatching.sourceMatches(null, "pbx")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Called PJSIP/101-ep|101-ep|true",
            "Endpoint '101-ep': Could not create dialog|101-ep|true",
            "From: <sip:101-ep@127.0.0.1>;tag=1|101-ep|true",
            "PJSIP/101-ep-0000002a answered|101-ep|true",
            "PJSIP/101-ep-0000002a|101-ep|true",
            "Called 101-ep.|101-ep|true",
            "101-EP is here|101-ep|true",
            "Called PJSIP/1101-ep|101-ep|false",
            "Called PJSIP/101-ep2|101-ep|false",
            "Called PJSIP/101-ep-x|101-ep|false",
            "Called PJSIP/101-ep-0000002|101-ep|false",
            "Called PJSIP/101-ep|101|false",
            "Contact 192.0.2.101 is Reachable|101|false",
            "Extension 101 busy|101|true",
            "Extension 101.5|101|false",
            "nothing here|101|false",
    })
    void endpointMentions(String text, String endpoint, boolean expected) {
        assertThat(LogMatching.mentionsEndpoint(text, endpoint)).isEqualTo(expected);
    }

    @Test
    void containsIgnoreCase() {
        assertThat(LogMatching.containsIgnoreCase("Could not create Dialog", "DIALOG")).isTrue();
        assertThat(LogMatching.containsIgnoreCase("abc", "abcd")).isFalse();
        assertThat(LogMatching.containsIgnoreCase("abc", "")).isTrue();
        assertThat(LogMatching.containsIgnoreCase(null, "a")).isFalse();
    }
}
