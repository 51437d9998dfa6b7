package io.voipkit.core.internal;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.event.RawFields;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RawFieldsAccessTest {

    @Test
    void wrapsPairsEqualToTheCopyingFactory() {
        String[] pairs = {"Event", "Hangup", "Cause", "16", "Cause", "17"};
        RawFields wrapped = RawFieldsAccess.wrapTrusted(pairs);
        assertThat(wrapped).isEqualTo(RawFields.of(pairs.clone()));
        assertThat(wrapped.firstOrNull("cause")).isEqualTo("16");
        assertThat(wrapped.all("Cause")).containsExactly("16", "17");
    }

    @Test
    void emptyArrayGivesTheEmptyFields() {
        assertThat(RawFieldsAccess.wrapTrusted(new String[0])).isSameAs(RawFields.empty());
    }

    @Test
    void rejectsNullAndOddArrays() {
        assertThatThrownBy(() -> RawFieldsAccess.wrapTrusted(null))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("pairs");
        assertThatThrownBy(() -> RawFieldsAccess.wrapTrusted(new String[] {"Event"}))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("odd");
    }
}
