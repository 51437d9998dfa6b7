package io.voipkit.spring.boot.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.voipkit.core.internal.Checks;

/**
 * CDR import meters of the {@link CdrImportRunner} (scheduled runs and {@code runOnce()}; imports
 * the application runs itself through {@code CdrImporter} are not seen): {@code voip.cdr.imported},
 * {@code voip.cdr.duplicates}, {@code voip.cdr.rejected} (records) and {@code voip.cdr.import.runs}
 * (tag {@code outcome}: {@code success} / {@code failure}).
 */
public final class CdrMeterBinder implements MeterBinder {
    private final CdrImportRunner runner;

    /** @param runner the runner to measure */
    public CdrMeterBinder(CdrImportRunner runner) {
        this.runner = Checks.notNull(runner, "runner");
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        FunctionCounter.builder("voip.cdr.imported", runner, CdrImportRunner::imported)
                .description("call records newly stored by the import").register(meters);
        FunctionCounter.builder("voip.cdr.duplicates", runner, CdrImportRunner::duplicates)
                .description("call records skipped as already stored").register(meters);
        FunctionCounter.builder("voip.cdr.rejected", runner, CdrImportRunner::rejected)
                .description("malformed call-record rows").register(meters);
        FunctionCounter.builder("voip.cdr.import.runs", runner, r -> r.runs() - r.failedRuns())
                .tag("outcome", "success").description("import runs").register(meters);
        FunctionCounter.builder("voip.cdr.import.runs", runner, CdrImportRunner::failedRuns)
                .tag("outcome", "failure").description("import runs").register(meters);
    }

    @Override
    public String toString() {
        return "CdrMeterBinder";
    }
}
