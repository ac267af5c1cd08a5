package bitnet.backend.support;

import java.util.concurrent.TimeUnit;

import bitnet.api.backend.Availability;
import bitnet.api.backend.BackendUnavailableException;

/**
 * Admits calls into a backend until it is closed, then refuses new ones and lets {@link #close(long, TimeUnit)}
 * wait for those in flight. A backend frees native memory or closes its arena only after {@code close} returns.
 *
 * <pre>{@code
 * try (CallGate.Pass pass = gate.enter()) {
 *     // run the kernel
 * }
 * }</pre>
 * Thread-safe.
 */
public final class CallGate {
    private final String backend;
    private final Pass pass = this::exit;
    private int inFlight;
    private boolean closed;

    /** @param backend the backend's name, for messages */
    public CallGate(String backend) {
        this.backend = backend;
    }

    /** A call in flight; closing it leaves the gate. */
    @FunctionalInterface
    public interface Pass extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * @return a pass to close when the call is done
     * @throws BackendUnavailableException if the gate is closed
     */
    public synchronized Pass enter() {
        if (closed) {
            throw new BackendUnavailableException("backend '" + backend + "' is stopping");
        }
        inFlight++;
        return pass;
    }

    private synchronized void exit() {
        if (--inFlight == 0 && closed) {
            notifyAll();
        }
    }

    /** @return false once {@link #close} has been called */
    public synchronized boolean isOpen() {
        return !closed;
    }

    /** @return available while the gate is open, else unavailable because the backend is stopping */
    public Availability availability() {
        return isOpen() ? Availability.ready() : Availability.unavailable("backend '" + backend + "' is stopping");
    }

    /** @return calls currently inside the gate */
    public synchronized int inFlight() {
        return inFlight;
    }

    /**
     * Refuses new calls and waits for those in flight.
     *
     * @param timeout the longest wait
     * @param unit unit of {@code timeout}
     * @return true if every call left the gate in time
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized boolean close(long timeout, TimeUnit unit) throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (inFlight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
