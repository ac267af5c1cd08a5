package bitnet.core.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import bitnet.api.backend.ComputeBackend;
import bitnet.api.backend.OpCall;
import bitnet.api.dispatch.BackendStatus;
import bitnet.api.dispatch.DispatchPlan;
import bitnet.api.dispatch.Dispatcher;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;

/**
 * The {@link Dispatcher} service: tracks every {@link ComputeBackend} dynamically (backends come and go
 * without restarting anything) and delegates the decisions to {@link RankedDispatcher}.
 */
@Component(service = Dispatcher.class)
public final class DispatcherComponent implements Dispatcher {

    // SCR replaces the whole list on every change; reading the field once gives a consistent snapshot.
    @Reference(service = ComputeBackend.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<Map.Entry<Map<String, Object>, ComputeBackend>> backends = List.of();

    private final RankedDispatcher dispatcher = new RankedDispatcher(this::registrations);

    private List<Registration> registrations() {
        List<Map.Entry<Map<String, Object>, ComputeBackend>> current = backends;
        List<Registration> out = new ArrayList<>(current.size());
        for (Map.Entry<Map<String, Object>, ComputeBackend> e : current) {
            Object ranking = e.getKey().get(Constants.SERVICE_RANKING);
            Object id = e.getKey().get(Constants.SERVICE_ID);
            out.add(new Registration(e.getValue(), ranking instanceof Integer i ? i : 0,
                    id instanceof Long l ? l : Long.MAX_VALUE));
        }
        return out;
    }

    @Override
    public String execute(OpCall call) {
        return dispatcher.execute(call);
    }

    @Override
    public void executeOn(String backendName, OpCall call) {
        dispatcher.executeOn(backendName, call);
    }

    @Override
    public DispatchPlan plan(Op op, DType dtype) {
        return dispatcher.plan(op, dtype);
    }

    @Override
    public List<BackendStatus> backends() {
        return dispatcher.backends();
    }
}
