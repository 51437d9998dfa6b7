package io.voipkit.freeswitch.internal.adapter;

import io.voipkit.core.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How originate variables and caller ids are written for FreeSWITCH's {@code {...}} syntax. */
class FsCallControlArgumentsTest {

    @Test
    void commasAreEscapedAndValuesWithSpacesQuoted() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("origination_caller_id_name", "Doe, John");
        vars.put("crm_id", "4711");
        // commas separate variables even inside quotes (README wire fact), so they are escaped
        assertThat(FsCallControl.brackets(vars)).isEqualTo("{origination_caller_id_name='Doe\\, John',crm_id=4711}");
    }

    @Test
    void bracesQuotesAndOddNamesAreRefused() {
        assertThatThrownBy(() -> FsCallControl.brackets(Map.of("x", "a}b")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("variables"));
        assertThatThrownBy(() -> FsCallControl.brackets(Map.of("x", "it's")))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> FsCallControl.brackets(Map.of("a b", "1")))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void callerIdsSplitIntoNameAndNumber() {
        assertThat(FsCallControl.callerId("\"Sales\" <+15550100>")).containsExactly("Sales", "+15550100");
        assertThat(FsCallControl.callerId("Sales <+15550100>")).containsExactly("Sales", "+15550100");
        assertThat(FsCallControl.callerId("+15550100")).containsExactly(null, "+15550100");
        assertThat(FsCallControl.callerId("<100>")).containsExactly(null, "100");
    }
}
