package bitnet.shell;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.precision.AccuracyReport;
import bitnet.api.precision.ErrorStats;
import bitnet.api.precision.LayerSpec;
import bitnet.api.precision.PlanEntry;
import bitnet.api.precision.PrecisionChange;
import bitnet.api.precision.PrecisionException;
import bitnet.api.precision.PrecisionManager;
import bitnet.api.precision.PrecisionPlan;
import bitnet.api.precision.PrecisionPolicy;

/**
 * {@code bitnet:policies} (the registered precision policies and their rules) and
 * {@code bitnet:precision-plan POLICY [context=N] [accuracy]} (the plan of the BitNet b1.58 2B4T layer list with memory
 * totals). Gogo runs the hyphenated {@code precision-plan} through {@code _main}, with the command's name first.
 */
@Component(service = PrecisionCommands.class, property = {"osgi.command.scope=bitnet", "osgi.command.function=policies",
        "osgi.command.function=precision-plan"})
public final class PrecisionCommands {
    private static final String MODEL = "bitnet-b1.58-2b4t";
    private static final int DEFAULT_CONTEXT = 4096;
    private static final String NL = System.lineSeparator();

    private final PrecisionManager manager;

    /** @param manager the precision manager */
    @Activate
    public PrecisionCommands(@Reference PrecisionManager manager) {
        this.manager = manager;
    }

    /** @return every policy, its description and its rules in evaluation order */
    @Descriptor("the precision policies and their rules, in evaluation order")
    public String policies() {
        StringBuilder sb = new StringBuilder();
        String active = manager.activePolicy();
        for (PrecisionPolicy p : manager.policies()) {
            sb.append(p.name()).append(p.name().equals(active) ? " (active)" : "");
            if (!p.description().isEmpty()) {
                sb.append(": ").append(p.description());
            }
            sb.append(NL);
            if (p.rules().isEmpty()) {
                sb.append("  (code only, no rule lines)").append(NL);
            }
            for (String rule : p.rules()) {
                sb.append("  ").append(rule).append(NL);
            }
        }
        if (manager.adjustmentLevel() > 0) {
            sb.append("memory pressure lowers adjustable components ").append(manager.adjustmentLevel())
                    .append(" step(s) now").append(NL);
        }
        return sb.toString().stripTrailing();
    }

    /**
     * @param command the command's name, as Gogo passes it
     * @param policy a policy's name
     * @param options {@code context=N} (the context length the KV cache and scores are sized for, default 4096)
     *        and/or {@code accuracy} (add the errors measured by converting seeded samples of each shape)
     * @return the plan
     * @throws IllegalArgumentException if the policy is unknown or an option is malformed
     */
    @Descriptor("the precision of every layer and component of BitNet b1.58 2B4T under a policy, with memory totals")
    public String _main(String command, @Descriptor("a policy's name (bitnet:policies lists them)") String policy,
            @Descriptor("context=N (tokens the KV cache holds, default 4096) and/or accuracy (measure the error)")
            String... options) {
        int context = DEFAULT_CONTEXT;
        boolean accuracy = false;
        for (String option : options) {
            if (option.equals("accuracy")) {
                accuracy = true;
            } else if (option.startsWith("context=")) {
                try {
                    context = Integer.parseInt(option.substring("context=".length()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("context=N takes a positive integer, got '" + option + "'");
                }
            } else if (!option.isEmpty()) {
                throw new IllegalArgumentException("precision-plan POLICY [context=N] [accuracy]; unknown option '"
                        + option + "'");
            }
        }
        return plan(policy, context, accuracy);
    }

    private String plan(String policy, int context, boolean accuracy) {
        PrecisionPlan plan;
        List<LayerSpec> model;
        try {
            model = manager.model(MODEL, context);
            plan = manager.plan(policy, model);
        } catch (PrecisionException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("precision plan '").append(plan.policy()).append("' for ").append(MODEL).append(": ")
                .append(model.size()).append(" layers, one decoding step with a context of ").append(context)
                .append(" tokens").append(NL);
        sb.append("pool use: ").append(Double.isNaN(plan.memoryUse()) ? "unknown (no pool limit)"
                : String.format(Locale.ROOT, "%.1f %% of the limit", 100 * plan.memoryUse()));
        sb.append("; memory-pressure adjustment: ").append(plan.adjustmentLevel() == 0 ? "none"
                : plan.adjustmentLevel() + " step(s) down").append(NL).append(NL);
        AccuracyReport report = accuracy ? manager.analyse(plan) : null;
        sb.append(groups(plan, report)).append(NL).append(NL);
        Table byPrecision = new Table("PRECISION", "BYTES", "SHARE");
        plan.bytesByPrecision().forEach((p, b) -> byPrecision.row(p, size(b), share(b, plan.totalBytes())));
        sb.append(byPrecision).append(NL).append(NL);
        Table byComponent = new Table("COMPONENT", "BYTES", "SHARE");
        plan.bytesByComponent().forEach((c, b) -> byComponent.row(c, size(b), share(b, plan.totalBytes())));
        sb.append(byComponent).append(NL).append(NL);
        sb.append("total ").append(size(plan.totalBytes())).append(" vs ").append(size(plan.f32Bytes()))
                .append(" at F32 (").append(share(plan.f32Bytes() - plan.totalBytes(), plan.f32Bytes()))
                .append(" saved); bytes moved per step (speed proxy) ").append(size(plan.bytesMoved()));
        if (report != null) {
            sb.append(NL).append(String.format(Locale.ROOT, "measured error: element-weighted mean relative RMSE %.4g, "
                    + "max relative error %.4g; measured by converting %s, not the model's weights",
                    report.meanRelativeRmse(), report.maxRelativeError(),
                    report.entries().isEmpty() ? "nothing" : "seeded N(0,1) samples of each shape"));
        }
        List<PrecisionChange> changes = manager.changes();
        if (!changes.isEmpty()) {
            sb.append(NL).append(NL).append("memory-pressure changes:").append(NL);
            for (PrecisionChange c : changes) {
                sb.append("  ").append(c.at()).append(" pool ").append(c.pool()).append(c.rising() ? " rose past "
                        : " fell below ").append(c.threshold()).append(": ").append(c.components())
                        .append(" lowered ").append(c.levelBefore()).append(" -> ").append(c.levelAfter())
                        .append(" step(s)").append(NL);
            }
        }
        return sb.toString().stripTrailing();
    }

    // Blocks repeat the same layers: rows that differ only in the block number are shown once, with a count.
    private static Table groups(PrecisionPlan plan, AccuracyReport report) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, PlanEntry> first = new LinkedHashMap<>();
        Map<PlanEntry, ErrorStats> errors = new IdentityHashMap<>();
        if (report != null) {
            report.entries().forEach(m -> errors.put(m.entry(), m.error()));
        }
        for (PlanEntry e : plan.entries()) {
            String layer = e.layer().name().replaceFirst("^layers\\.\\d+\\.", "layers.*.");
            String key = layer + '\0' + e.component().component() + '\0' + e.precision() + '\0'
                    + e.component().rows() + 'x' + e.component().cols() + '\0' + e.decision().reason();
            first.putIfAbsent(key, e);
            long[] c = counts.computeIfAbsent(key, k -> new long[2]);
            c[0]++;
            c[1] += e.bytes();
        }
        Table t = report == null
                ? new Table("LAYER", "TYPE", "COMPONENT", "SHAPE", "N", "PRECISION", "BYTES", "DECIDED BY")
                : new Table("LAYER", "TYPE", "COMPONENT", "SHAPE", "N", "PRECISION", "BYTES", "REL RMSE",
                        "MAX REL ERR", "DECIDED BY");
        for (Map.Entry<String, PlanEntry> en : first.entrySet()) {
            PlanEntry e = en.getValue();
            long[] c = counts.get(en.getKey());
            String precision = e.adjusted() ? e.precision() + " (policy " + e.decision().precision() + ")"
                    : e.precision().toString();
            String layer = en.getKey().substring(0, en.getKey().indexOf('\0'));
            String shape = e.component().rows() + "x" + e.component().cols();
            ErrorStats err = errors.get(e);
            if (err == null) {
                t.row(layer, e.layer().type(), e.component().component(), shape, c[0], precision, size(c[1]),
                        e.decision().reason());
            } else {
                t.row(layer, e.layer().type(), e.component().component(), shape, c[0], precision, size(c[1]),
                        String.format(Locale.ROOT, "%.4g", err.relativeRmse()),
                        String.format(Locale.ROOT, "%.4g", err.maxRelativeError()), e.decision().reason());
            }
        }
        return t;
    }

    private static String size(long bytes) {
        return String.format(Locale.ROOT, "%,d (%.2f MiB)", bytes, bytes / 1048576.0);
    }

    private static String share(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }
}
