package bitnet.itest;

import java.util.EnumSet;
import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import bitnet.api.backend.Availability;
import bitnet.api.backend.BackendInfo;
import bitnet.api.backend.ComputeBackend;
import bitnet.api.backend.OpCall;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Device;

/**
 * A backend ranked above every other that runs nothing: while closed, every operation the dispatcher offers it waits
 * (bounded) in {@link #accepts}, so that whoever runs a forward pass (the scheduler's thread) stops there; open, it
 * declines at once and the real backends run everything. Lets a test hold a generation running for as long as it
 * needs, without timing.
 */
final class ServerGate implements ComputeBackend, AutoCloseable {
    private static final long LONGEST_HOLD_SECONDS = 60;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition opened = lock.newCondition();
    private final ServiceRegistration<ComputeBackend> registration;
    private boolean open = true;
    private int waiting;

    /** Registers the gate, open. */
    ServerGate(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, 1000);
        props.put(ComputeBackend.NAME_PROPERTY, "gate");
        registration = context.registerService(ComputeBackend.class, this, props);
    }

    /** From now on, operations wait. */
    void hold() {
        lock.lock();
        try {
            open = false;
        } finally {
            lock.unlock();
        }
    }

    /** Lets everything through. */
    void release() {
        lock.lock();
        try {
            open = true;
            opened.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** @return whether an operation is waiting at the gate now (a forward pass is held) */
    boolean holdingAPass() {
        lock.lock();
        try {
            return waiting > 0;
        } finally {
            lock.unlock();
        }
    }

    /** Opens the gate and unregisters it. */
    @Override
    public void close() {
        release();
        registration.unregister();
    }

    @Override
    public boolean accepts(OpCall call) {
        lock.lock();
        try {
            long left = TimeUnit.SECONDS.toNanos(LONGEST_HOLD_SECONDS);
            waiting++;
            try {
                while (!open && left > 0) {
                    left = opened.awaitNanos(left);
                }
            } finally {
                waiting--;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        return false;
    }

    @Override
    public BackendInfo info() {
        return new BackendInfo("gate", Device.CPU, "holds forward passes for the server tests");
    }

    @Override
    public Availability availability() {
        return Availability.ready();
    }

    @Override
    public Set<Op> operations() {
        return EnumSet.allOf(Op.class);
    }

    @Override
    public boolean supports(Op op, DType dtype) {
        return true;
    }

    @Override
    public void execute(OpCall call) {
        throw new UnsupportedOperationException("the gate runs nothing");
    }
}
