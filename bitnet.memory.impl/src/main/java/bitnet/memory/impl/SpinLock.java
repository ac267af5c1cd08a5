package bitnet.memory.impl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A lock held for a handful of instructions and nearly always free. Unlike a monitor, releasing it is a plain
 * release store rather than a second atomic instruction, which matters on a path that costs tens of nanoseconds.
 */
abstract class SpinLock extends StripePadding {
    private static final int SPINS_BEFORE_YIELD = 64;
    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(SpinLock.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through LOCK
    private volatile int locked;

    final void lock() {
        if (!LOCK.compareAndSet(this, 0, 1)) {
            lockContended();
        }
    }

    private void lockContended() {
        int spins = 0;
        while (!LOCK.compareAndSet(this, 0, 1)) {
            if (++spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                // The holder may have been descheduled; on two cores spinning on would only delay it.
                Thread.yield();
            }
        }
    }

    final void unlock() {
        LOCK.setRelease(this, 0);
    }
}
