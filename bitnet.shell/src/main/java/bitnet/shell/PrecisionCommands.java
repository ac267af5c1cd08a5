package bitnet.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.precision.LayerSpec;
import bitnet.api.precision.PlanEntry;
import bitnet.api.precision.PrecisionChange;
import bitnet.api.precision.PrecisionException;
import bitnet.api.precision.PrecisionManager;
import bitnet.api.precision.PrecisionPlan;
import bitnet.api.precision.PrecisionPolicy;

/**
 * {@code bitnet:policies} (the registered precision policies and their rules) and
 * {@code bitnet:precision-plan POLICY [context=N]} (the plan of the BitNet b1.58 2B4T layer list with memory
 * totals). Gogo calls {@code _main} for {@code precision-plan} because a command name with a hyphen cannot be a
 * method name; it passes the command's own name as the first argument.
 */
@Component(service = Object.class, property = {"osgi.command.scope=bitnet", "osgi.command.function=policies",
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
     * @return the plan for a context of 4096 tokens
     * @throws IllegalArgumentException if the policy is unknown
     */
    public String _main(String command, String policy) {
        return plan(policy, DEFAULT_CONTEXT);
    }

    /**
     * @param command the command's name, as Gogo passes it
     * @param policy a policy's name
     * @param option {@code context=N}, the context length the KV cache and scores are sized for
     * @return the plan
     * @throws IllegalArgumentException if the policy is unknown or the option is malformed
     */
    public String _main(String command, String policy, String option) {
        if (!option.startsWith("context=")) {
            throw new IllegalArgumentException("precision-plan POLICY [context=N]; unknown option '" + option + "'");
        }
        try {
            return plan(policy, Integer.parseInt(option.substring("context=".length())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context=N takes a positive integer, got '" + option + "'");
        }
    }

    private String plan(String policy, int context) {
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
        sb.append(groups(plan)).append(NL).append(NL);
        Table byPrecision = new Table("PRECISION", "BYTES", "SHARE");
        plan.bytesByPrecision().forEach((p, b) -> byPrecision.row(p, size(b), share(b, plan.totalBytes())));
        sb.append(byPrecision).append(NL).append(NL);
        Table byComponent = new Table("COMPONENT", "BYTES", "SHARE");
        plan.bytesByComponent().forEach((c, b) -> byComponent.row(c, size(b), share(b, plan.totalBytes())));
        sb.append(byComponent).append(NL).append(NL);
        sb.append("total ").append(size(plan.totalBytes())).append(" vs ").append(size(plan.f32Bytes()))
                .append(" at F32 (").append(share(plan.f32Bytes() - plan.totalBytes(), plan.f32Bytes()))
                .append(" saved); bytes moved per step (speed proxy) ").append(size(plan.bytesMoved()));
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
    private static Table groups(PrecisionPlan plan) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, PlanEntry> first = new LinkedHashMap<>();
        for (PlanEntry e : plan.entries()) {
            String layer = e.layer().name().replaceFirst("^layers\\.\\d+\\.", "layers.*.");
            String key = layer + '\0' + e.component().component() + '\0' + e.precision() + '\0'
                    + e.component().rows() + 'x' + e.component().cols() + '\0' + e.decision().reason();
            first.putIfAbsent(key, e);
            long[] c = counts.computeIfAbsent(key, k -> new long[2]);
            c[0]++;
            c[1] += e.bytes();
        }
        Table t = new Table("LAYER", "TYPE", "COMPONENT", "SHAPE", "N", "PRECISION", "BYTES", "DECIDED BY");
        for (Map.Entry<String, PlanEntry> en : first.entrySet()) {
            PlanEntry e = en.getValue();
            long[] c = counts.get(en.getKey());
            String precision = e.adjusted() ? e.precision() + " (policy " + e.decision().precision() + ")"
                    : e.precision().toString();
            t.row(en.getKey().substring(0, en.getKey().indexOf('\0')), e.layer().type(), e.component().component(),
                    e.component().rows() + "x" + e.component().cols(), c[0], precision, size(c[1]),
                    e.decision().reason());
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
