package io.voipkit.core;

import io.voipkit.testsupport.StubPbx;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PbxRegistryTest {

    @Test
    void registeredPbxsAreFoundByIdInRegistrationOrder() {
        PbxRegistry registry = new PbxRegistry();
        StubPbx office = new StubPbx("office");
        StubPbx cc = new StubPbx("cc");
        registry.register(office);
        registry.register(cc);

        assertThat(registry.get("office")).containsSame(office);
        assertThat(registry.require("cc")).isSameAs(cc);
        assertThat(registry.get("nope")).isEmpty();
        assertThat(registry.ids()).containsExactly("office", "cc");
        assertThat(registry.all()).containsExactly(office, cc);
        assertThat(registry.toString()).contains("office", "cc");
    }

    @Test
    void duplicateIdIsRejected() {
        PbxRegistry registry = new PbxRegistry();
        registry.register(new StubPbx("office"));

        assertThatThrownBy(() -> registry.register(new StubPbx("office")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo("pbx.id");
                    assertThat(e.getMessage()).contains("'office'", "already registered");
                });
    }

    @Test
    void requireOfAnUnknownIdSaysWhichIdsExist() {
        PbxRegistry registry = new PbxRegistry();
        registry.register(new StubPbx("office"));

        assertThatThrownBy(() -> registry.require("cc"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo("id");
                    assertThat(e.getMessage()).contains("\"cc\"", "[office]");
                });
    }

    @Test
    void nullArgumentsAreRejected() {
        PbxRegistry registry = new PbxRegistry();
        assertThatThrownBy(() -> registry.register(null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> registry.get(null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> registry.remove(null)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void removeHandsThePbxBackWithoutClosingIt() {
        PbxRegistry registry = new PbxRegistry();
        StubPbx office = new StubPbx("office");
        registry.register(office);

        assertThat(registry.remove("office")).containsSame(office);
        assertThat(registry.remove("office")).isEmpty();
        assertThat(office.closeCount()).isZero();
        registry.register(new StubPbx("office"));   // the id is free again
    }

    @Test
    void closeClosesEveryPbxOnceEvenWhenOneFails() {
        PbxRegistry registry = new PbxRegistry();
        StubPbx a = new StubPbx("a");
        StubPbx b = new StubPbx("b").failOnClose(new IllegalStateException("b broke"));
        StubPbx c = new StubPbx("c").failOnClose(new IllegalStateException("c broke"));
        registry.register(a);
        registry.register(b);
        registry.register(c);

        assertThatThrownBy(registry::close)
                .hasMessage("c broke")   // reverse order: c is closed first
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("b broke"));
        assertThat(List.of(a.closeCount(), b.closeCount(), c.closeCount())).containsOnly(1);
        assertThat(a.connectionState()).isEqualTo(ConnectionState.CLOSED);
        assertThat(registry.all()).isEmpty();

        registry.close();   // idempotent
        assertThat(a.closeCount()).isEqualTo(1);
        assertThatThrownBy(() -> registry.register(new StubPbx("d"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void concurrentRegistrationsOfDistinctIdsAllSucceedAndDuplicatesExactlyOnceEach() throws Exception {
        PbxRegistry registry = new PbxRegistry();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 400; i++) {
                String id = "pbx-" + (i % 200);   // every id registered twice
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        registry.register(new StubPbx(id));
                        return true;
                    } catch (InvalidRequestException duplicate) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int ok = 0;
            for (Future<Boolean> f : results) {
                ok += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(ok).isEqualTo(200);
            assertThat(registry.ids()).hasSize(200);
        } finally {
            pool.shutdownNow();
            registry.close();
        }
    }

    @Test
    void aPbxWithAnInvalidIdIsRejected() {
        PbxRegistry registry = new PbxRegistry();
        Pbx weird = (Pbx) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Pbx.class},
                (proxy, method, args) -> method.getName().equals("id") ? "bad id\r\n" : null);

        assertThatThrownBy(() -> registry.register(weird))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("pbx.id"));
        assertThat(registry.ids()).isEmpty();
    }
}
