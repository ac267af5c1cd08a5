package bitnet.core.dispatch;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import bitnet.api.backend.Availability;
import bitnet.api.backend.BackendInfo;
import bitnet.api.backend.BackendUnavailableException;
import bitnet.api.backend.ComputeBackend;
import bitnet.api.backend.OpCall;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Device;

/** A scripted backend: records calls and can be unavailable, decline, go away or fail. */
class FakeBackend implements ComputeBackend {
    enum Behaviour { WORKS, GOES_AWAY, THROWS, DECLINES, BAD_INPUT }

    final String name;
    final Set<Op> ops;
    volatile Availability availability = Availability.ready();
    volatile Behaviour behaviour = Behaviour.WORKS;
    final AtomicInteger executed = new AtomicInteger();

    FakeBackend(String name, Op... ops) {
        this.name = name;
        this.ops = ops.length == 0 ? EnumSet.allOf(Op.class) : EnumSet.of(ops[0], ops);
    }

    @Override
    public BackendInfo info() {
        return new BackendInfo(name, Device.CPU, "fake");
    }

    @Override
    public Availability availability() {
        return availability;
    }

    @Override
    public Set<Op> operations() {
        return ops;
    }

    @Override
    public boolean supports(Op op, DType dtype) {
        return dtype == DType.F32;
    }

    @Override
    public boolean accepts(OpCall call) {
        return behaviour != Behaviour.DECLINES;
    }

    @Override
    public void execute(OpCall call) {
        executed.incrementAndGet();
        switch (behaviour) {
            case GOES_AWAY -> throw new BackendUnavailableException(name + " is stopping");
            case THROWS -> throw new IllegalStateException(name + " kernel bug");
            case BAD_INPUT -> throw new bitnet.api.InvalidInputException(name + ": NaN at index 3");
            default -> call.output().setFloat(name.length(), 0);
        }
    }
}
