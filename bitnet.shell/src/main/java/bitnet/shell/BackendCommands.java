package bitnet.shell;

import java.util.Locale;
import java.util.StringJoiner;
import java.util.TreeSet;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.dispatch.BackendStatus;
import bitnet.api.dispatch.DispatchPlan;
import bitnet.api.dispatch.Dispatcher;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;

/** {@code bitnet:backends} and {@code bitnet:which}: what the dispatcher sees and would choose. */
@Component(service = BackendCommands.class, property = {"osgi.command.scope=bitnet",
    "osgi.command.function=backends", "osgi.command.function=which"})
public final class BackendCommands {
    private final Dispatcher dispatcher;

    /** @param dispatcher the platform's dispatcher */
    @Activate
    public BackendCommands(@Reference Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** @return every backend in ranking order: ranking, availability or why not, device, detail, operations */
    @Descriptor("every backend in ranking order: ranking, available or why not, device, detail, operations")
    public String backends() {
        Table t = new Table("BACKEND", "RANKING", "STATUS", "DEVICE", "DETAIL", "OPERATIONS");
        for (BackendStatus s : dispatcher.backends()) {
            StringJoiner ops = new StringJoiner(",");
            new TreeSet<>(s.operations()).forEach(op -> ops.add(op.id()));
            t.row(s.info().name(), s.ranking(),
                    s.availability().available() ? "available" : "unavailable: " + s.availability().reason(),
                    s.info().device(), s.info().detail(), ops);
        }
        return dispatcher.backends().isEmpty() ? "no backend is registered" : t.toString();
    }

    /**
     * @param op an operation name ({@code matmul})
     * @return the backend that would run it on F32 and the fallback chain
     */
    @Descriptor("the backend that would run an operation on F32, and the fallback chain")
    public String which(@Descriptor("an operation, e.g. matmul (bitnet:op lists them)") String op) {
        return which(op, "F32");
    }

    /**
     * @param op an operation name ({@code matmul})
     * @param dtype a dtype name ({@code F32})
     * @return the backend that would run it and the fallback chain, with the reason each other one is skipped
     */
    @Descriptor("the backend that would run an operation on a dtype, the fallback chain and why others are skipped")
    public String which(@Descriptor("an operation, e.g. matmul") String op,
            @Descriptor("a dtype: F32, F64, F16, BF16, I8, I32, TERNARY, I4") String dtype) {
        DType type;
        try {
            type = DType.valueOf(dtype.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown dtype '" + dtype + "'; known: "
                    + java.util.Arrays.toString(DType.values()));
        }
        DispatchPlan plan = dispatcher.plan(Op.of(op), type);
        StringBuilder sb = new StringBuilder();
        sb.append(plan.op().id()).append(" on ").append(type).append(": ")
                .append(plan.chosen().map(DispatchPlan.Candidate::name).orElse("no backend can run it"));
        StringJoiner chain = new StringJoiner(" -> ");
        plan.fallbackChain().forEach(c -> chain.add(c.name() + " (" + c.ranking() + ")"));
        sb.append(System.lineSeparator()).append("fallback chain: ").append(chain.length() == 0 ? "none" : chain);
        for (DispatchPlan.Candidate c : plan.candidates()) {
            if (!c.eligible()) {
                sb.append(System.lineSeparator()).append("skipped ").append(c.name()).append(" (")
                        .append(c.ranking()).append("): ").append(c.reason());
            }
        }
        return sb.toString();
    }
}
