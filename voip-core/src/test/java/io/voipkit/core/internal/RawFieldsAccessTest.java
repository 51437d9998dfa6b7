package io.voipkit.core.internal;

import io.voipkit.core.InvalidRequestException;
import io.voipkit.core.event.RawFields;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

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

    @Test
    void aLookupTheSourceCanAnswerMaterialisesNothingAndAnUnansweredOneFallsBack() {
        String[] pairs = {"Event-Name", "X", "Other", "1", "OTHER", "2"};
        AtomicInteger materialized = new AtomicInteger();
        RawFieldsSource answering = new RawFieldsSource() {
            @Override
            public int size() {
                return 3;
            }

            @Override
            public String[] materializePairs() {
                materialized.incrementAndGet();
                return pairs.clone();
            }

            @Override
            public String firstIgnoringCase(String name) {
                return name.startsWith("?") ? UNANSWERED : RawFields.of(pairs).firstOrNull(name);
            }
        };
        RawFields lazy = RawFieldsAccess.lazy(answering);
        assertThat(lazy.firstOrNull("other")).isEqualTo("1");
        assertThat(lazy.firstOrNull("Missing")).isNull();
        assertThat(lazy.contains("EVENT-NAME")).isTrue();
        assertThat(materialized).hasValue(0);
        assertThat(lazy.firstOrNull("?unanswered")).isNull();          // the source could not tell: materialised
        assertThat(materialized).hasValue(1);
        assertThat(lazy.firstOrNull("other")).isEqualTo("1");           // from the pairs now
        assertThat(materialized).hasValue(1);
        // a source that answers nothing (the default) behaves as before: materialised on the first lookup
        CountingSource plain = new CountingSource("A", "1");
        assertThat(RawFieldsAccess.lazy(plain).firstOrNull("a")).isEqualTo("1");
        assertThat(plain.materialized).hasValue(1);
    }

    /** A source that counts how often it is materialised. */
    private static final class CountingSource implements RawFieldsSource {
        private final String[] pairs;
        final AtomicInteger materialized = new AtomicInteger();

        CountingSource(String... pairs) {
            this.pairs = pairs;
        }

        @Override
        public int size() {
            return pairs.length / 2;
        }

        @Override
        public String[] materializePairs() {
            materialized.incrementAndGet();
            return pairs.clone();
        }
    }

    @Test
    void lazyFieldsAnswerExactlyAsEagerOnes() {
        String[] pairs = {"Event-Name", "CHANNEL_CREATE", "Unique-ID", "abc", "variable_secret", "x", "unique-id", "def"};
        RawFields eager = RawFields.of(pairs);
        RawFields lazy = RawFieldsAccess.lazy(new CountingSource(pairs));
        assertThat(lazy).isEqualTo(eager).hasSameHashCodeAs(eager);
        assertThat(eager).isEqualTo(lazy);
        assertThat(lazy.toString()).isEqualTo(eager.toString()).contains("variable_secret=****");
        assertThat(lazy.firstOrNull("UNIQUE-ID")).isEqualTo("abc");
        assertThat(lazy.all("unique-id")).containsExactly("abc", "def");
        assertThat(lazy.names()).isEqualTo(eager.names());
        assertThat(lazy.asList()).isEqualTo(eager.asList());
        assertThat(lazy.name(3)).isEqualTo("unique-id");
        assertThat(lazy.value(3)).isEqualTo("def");
        assertThat(lazy.size()).isEqualTo(4);
        assertThat(lazy.isEmpty()).isFalse();
    }

    @Test
    void sizeDoesNotMaterializeAndEverythingElseMaterializesOnce() {
        CountingSource source = new CountingSource("A", "1", "B", "2");
        RawFields lazy = RawFieldsAccess.lazy(source);
        assertThat(lazy.size()).isEqualTo(2);
        assertThat(lazy.isEmpty()).isFalse();
        assertThat(source.materialized).hasValue(0);
        assertThat(lazy.firstOrNull("b")).isEqualTo("2");
        assertThat(lazy.value(0)).isEqualTo("1");
        assertThat(lazy.toString()).isEqualTo("RawFields[A=1, B=2]");
        assertThat(source.materialized).hasValue(1);
    }

    @Test
    void threadsReadingAtOnceMaterializeOnceAndSeeTheSameFields() throws Exception {
        for (int round = 0; round < 50; round++) {
            CountingSource source = new CountingSource("A", "1", "B", "2", "C", "3");
            RawFields lazy = RawFieldsAccess.lazy(source);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> reads = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    reads.add(pool.submit(() -> {
                        go.await();
                        return lazy.firstOrNull("C") + lazy.size();
                    }));
                }
                go.countDown();
                for (Future<String> r : reads) {
                    assertThat(r.get()).isEqualTo("33");
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(source.materialized).hasValue(1);
        }
    }

    @Test
    void aSourceBreakingItsPromiseIsAnErrorNotWrongFields() {
        RawFieldsSource shortByOne = new RawFieldsSource() {
            @Override
            public int size() {
                return 2;
            }

            @Override
            public String[] materializePairs() {
                return new String[] {"A", "1"};
            }
        };
        assertThatThrownBy(() -> RawFieldsAccess.lazy(shortByOne).firstOrNull("A"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("2 elements for 2 fields");
        RawFieldsSource nullValue = new CountingSource("A", null);
        assertThatThrownBy(() -> RawFieldsAccess.lazy(nullValue).value(0))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("fields[0].value");
    }

    @Test
    void emptyOrMissingSources() {
        assertThat(RawFieldsAccess.lazy(new CountingSource())).isSameAs(RawFields.empty());
        assertThatThrownBy(() -> RawFieldsAccess.lazy(null))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("source");
    }
}
