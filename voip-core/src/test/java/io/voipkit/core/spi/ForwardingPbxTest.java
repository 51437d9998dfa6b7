package io.voipkit.core.spi;

import io.voipkit.core.ConnectionState;
import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.Pbx;
import io.voipkit.core.PbxConfig;
import io.voipkit.core.PbxKind;
import io.voipkit.testsupport.StubPbx;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForwardingPbxTest {

    private static final class Forwarding extends ForwardingPbx {
        Forwarding(Pbx delegate) {
            super(delegate);
        }
    }

    @Test
    void everyMethodReachesTheDelegate() {
        PbxConfig config = PbxConfig.defaults().toBuilder().eventQueueCapacity(9).build();
        StubPbx stub = new StubPbx("fs-1", PbxKind.FREESWITCH, config, Clock.systemUTC());
        Pbx pbx = new Forwarding(stub);

        assertThat(pbx.id()).isEqualTo("fs-1");
        assertThat(pbx.kind()).isEqualTo(PbxKind.FREESWITCH);
        assertThat(pbx.config()).isSameAs(config);
        assertThat(pbx.state()).isSameAs(stub.state());
        assertThat(pbx.events()).isSameAs(stub.events());
        assertThat(pbx.health().checkQueues()).isEqualTo(stub.health().checkQueues());
        assertThatThrownBy(pbx::queues).hasMessageContaining("no queue monitor");
        assertThatThrownBy(pbx::calls).isInstanceOf(UnsupportedOperationException.class);
        assertThat(pbx.connectionState()).isEqualTo(ConnectionState.NEW);
        pbx.connect();
        assertThat(stub.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(pbx.connectionState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(pbx).hasToString("Forwarding[StubPbx[fs-1, CONNECTED]]");
        pbx.close();
        assertThat(stub.closeCount()).isEqualTo(1);
    }

    @Test
    void rejectsANullDelegate() {
        assertThatThrownBy(() -> new Forwarding(null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("delegate"));
    }
}
