package bitnet.core.dispatch;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import bitnet.api.InvalidInputException;
import bitnet.api.backend.Availability;
import bitnet.api.backend.BackendInfo;
import bitnet.api.backend.BackendUnavailableException;
import bitnet.api.backend.ComputeBackend;
import bitnet.api.backend.OpCall;
import bitnet.api.dispatch.BackendStatus;
import bitnet.api.dispatch.DispatchPlan;
import bitnet.api.dispatch.Dispatcher;
import bitnet.api.dispatch.NoBackendAvailableException;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;

/**
 * The dispatching logic, independent of OSGi: backends come from a supplier that returns the current
 * registrations, read afresh for every attempt so that a backend leaving mid-call is never tried again.
 */
public final class RankedDispatcher implements Dispatcher {
    private static final System.Logger LOG = System.getLogger(RankedDispatcher.class.getName());

    private final Supplier<List<Registration>> registrations;

    /** @param registrations the backends registered now, in any order */
    public RankedDispatcher(Supplier<List<Registration>> registrations) {
        this.registrations = registrations;
    }

    private List<Registration> snapshot() {
        List<Registration> list = new ArrayList<>(registrations.get());
        list.sort(Registration.BEST_FIRST);
        return list;
    }

    @Override
    public String execute(OpCall call) {
        Set<Long> tried = new HashSet<>();
        StringBuilder reasons = new StringBuilder();
        RuntimeException last = null;
        while (true) {
            Registration next = null;
            for (Registration r : snapshot()) {
                if (tried.contains(r.serviceId())) {
                    continue;
                }
                String why = ineligibility(r.backend(), call.op(), call.dtype());
                if (why.isEmpty() && !accepts(r.backend(), call)) {
                    why = "declines this layout";
                }
                if (why.isEmpty()) {
                    next = r;
                    break;
                }
                tried.add(r.serviceId());
                reasons.append("\n  ").append(name(r.backend())).append(": ").append(why);
            }
            if (next == null) {
                throw new NoBackendAvailableException("no backend could run " + call.op().id() + " on "
                        + call.dtype() + (reasons.isEmpty() ? ": no backend is registered" : ":" + reasons), last);
            }
            tried.add(next.serviceId());
            try {
                next.backend().execute(call);
                return next.backend().info().name();
            } catch (InvalidInputException e) {
                // The operands' values are at fault (a NaN, a singular matrix): every backend would say the same.
                throw e;
            } catch (BackendUnavailableException | UnsupportedOperationException e) {
                last = e;
                reasons.append("\n  ").append(name(next.backend())).append(": ").append(e.getMessage());
            } catch (RuntimeException e) {
                // A backend bug must not reach the caller as a wrong result: log it and let the next one run.
                last = e;
                reasons.append("\n  ").append(name(next.backend())).append(": failed: ").append(e);
                LOG.log(Level.WARNING, "backend " + name(next.backend()) + " failed on " + call.op().id()
                        + "; retrying on the next backend", e);
            }
        }
    }

    @Override
    public void executeOn(String backendName, OpCall call) {
        for (Registration r : snapshot()) {
            if (name(r.backend()).equals(backendName)) {
                String why = ineligibility(r.backend(), call.op(), call.dtype());
                if (why.isEmpty() && !accepts(r.backend(), call)) {
                    why = "declines this layout";
                }
                if (!why.isEmpty()) {
                    throw new NoBackendAvailableException(backendName + " cannot run " + call.op().id() + ": " + why);
                }
                try {
                    r.backend().execute(call);
                    return;
                } catch (InvalidInputException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new NoBackendAvailableException(backendName + " failed on " + call.op().id() + ": "
                            + e.getMessage(), e);
                }
            }
        }
        throw new NoBackendAvailableException("no backend named '" + backendName + "' is registered");
    }

    @Override
    public DispatchPlan plan(Op op, DType dtype) {
        List<DispatchPlan.Candidate> candidates = new ArrayList<>();
        for (Registration r : snapshot()) {
            String why = ineligibility(r.backend(), op, dtype);
            candidates.add(new DispatchPlan.Candidate(name(r.backend()), r.ranking(), why.isEmpty(), why));
        }
        return new DispatchPlan(op, dtype, candidates);
    }

    @Override
    public List<BackendStatus> backends() {
        List<BackendStatus> out = new ArrayList<>();
        for (Registration r : snapshot()) {
            try {
                ComputeBackend b = r.backend();
                out.add(new BackendStatus(b.info(), r.ranking(), r.serviceId(), b.availability(), b.operations()));
            } catch (RuntimeException e) {
                out.add(new BackendStatus(new BackendInfo("service " + r.serviceId(), bitnet.api.tensor.Device.CPU,
                        "?"), r.ranking(), r.serviceId(), Availability.unavailable("not answering: " + e), Set.of()));
            }
        }
        return out;
    }

    private static String ineligibility(ComputeBackend backend, Op op, DType dtype) {
        try {
            Availability a = backend.availability();
            if (!a.available()) {
                return "unavailable: " + a.reason();
            }
            if (!backend.operations().contains(op)) {
                return "does not implement " + op.id();
            }
            if (!backend.supports(op, dtype)) {
                return "does not support " + op.id() + " on " + dtype;
            }
            return "";
        } catch (RuntimeException e) {
            return "not answering: " + e.getMessage();
        }
    }

    private static boolean accepts(ComputeBackend backend, OpCall call) {
        try {
            return backend.accepts(call);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String name(ComputeBackend backend) {
        try {
            return backend.info().name();
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
