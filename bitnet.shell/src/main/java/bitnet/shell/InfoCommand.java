package bitnet.shell;

import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import bitnet.api.dispatch.Dispatcher;
import bitnet.api.memory.MemoryPool;
import bitnet.api.memory.PoolStats;

/** {@code bitnet:info}: the runtime, the project's bundles and their states, the backends, the pools. */
@Component(service = InfoCommand.class, property = {"osgi.command.scope=bitnet", "osgi.command.function=info"})
public final class InfoCommand {
    private final BundleContext context;
    private final Dispatcher dispatcher;
    private final BundleHealth health;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<MemoryPool> pools = List.of();

    /**
     * @param context this bundle's context, to list bundles
     * @param dispatcher the dispatcher, to list backends
     * @param health why bundles did not start
     */
    @Activate
    public InfoCommand(BundleContext context, @Reference Dispatcher dispatcher, @Reference BundleHealth health) {
        this.context = context;
        this.dispatcher = dispatcher;
        this.health = health;
    }

    /** @return a summary of the running platform */
    @Descriptor("the runtime, the platform's bundles and their states (with why one did not start), backends, pools")
    public String info() {
        Runtime rt = Runtime.getRuntime();
        StringBuilder sb = new StringBuilder();
        Bundle system = context.getBundle(0);
        sb.append("bitnet on ").append(system.getSymbolicName()).append(' ').append(system.getVersion())
                .append(", Java ").append(Runtime.version()).append(" (").append(System.getProperty("java.vendor"))
                .append("), ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(", ").append(rt.availableProcessors()).append(" processors, max heap ")
                .append(rt.maxMemory() >> 20).append(" MiB").append(System.lineSeparator());
        boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        sb.append("jdk.incubator.vector: ").append(vector ? "present" : "absent (SIMD backend cannot resolve)")
                .append(System.lineSeparator()).append(System.lineSeparator());
        Table bundles = new Table("ID", "BUNDLE", "VERSION", "STATE");
        StringBuilder problems = new StringBuilder();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            boolean project = b.getSymbolicName() != null && b.getSymbolicName().startsWith("bitnet");
            boolean started = b.getState() == Bundle.ACTIVE || fragment || b.getBundleId() == 0;
            if (project || !started) {
                bundles.row(b.getBundleId(), b.getSymbolicName(), b.getVersion(), state(b.getState(), fragment));
            }
            String reason = health.reason(b);
            if (!started && reason != null && b.getState() == Bundle.INSTALLED) {
                problems.append(b.getSymbolicName()).append(" did not start: ").append(reason)
                        .append(System.lineSeparator());
            }
        }
        sb.append(bundles).append(System.lineSeparator());
        sb.append(problems.isEmpty() ? "" : System.lineSeparator() + problems).append(System.lineSeparator());
        sb.append("backends (ranking order): ");
        dispatcher.backends().forEach(s -> sb.append(s.info().name()).append('(').append(s.ranking()).append(") "));
        sb.append(System.lineSeparator());
        for (MemoryPool pool : pools) {
            PoolStats st = pool.stats();
            sb.append("pool ").append(st.pool()).append(": ").append(st.bytesInUse()).append(" bytes in use, peak ")
                    .append(st.peakBytesInUse()).append(", reserved ").append(st.bytesReserved()).append(", ")
                    .append(st.liveBlocks()).append(" live blocks").append(System.lineSeparator());
        }
        return sb.toString().stripTrailing();
    }

    private static String state(int state, boolean fragment) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> fragment ? "RESOLVED (fragment)" : "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED (not resolved)";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
