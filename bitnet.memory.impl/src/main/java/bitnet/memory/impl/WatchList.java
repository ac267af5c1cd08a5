package bitnet.memory.impl;

/** One stripe of the leak tracker's watches: an intrusive doubly linked list under a spin lock. */
final class WatchList extends SpinLock {
    private LeakWatch head;
    private long size;
    // Trailing padding, in case the layout puts the hot fields first.
    long q00;
    long q01;
    long q02;
    long q03;
    long q04;
    long q05;
    long q06;
    long q07;

    void add(LeakWatch w) {
        lock();
        try {
            w.next = head;
            if (head != null) {
                head.prev = w;
            }
            head = w;
            w.linked = true;
            size++;
        } finally {
            unlock();
        }
    }

    /** Unlinks the watch if it is still linked; a watch can be removed by its free and by the GC's report. */
    void remove(LeakWatch w) {
        lock();
        try {
            if (!w.linked) {
                return;
            }
            if (w.prev != null) {
                w.prev.next = w.next;
            } else {
                head = w.next;
            }
            if (w.next != null) {
                w.next.prev = w.prev;
            }
            w.prev = null;
            w.next = null;
            w.linked = false;
            size--;
        } finally {
            unlock();
        }
    }

    long size() {
        lock();
        try {
            return size;
        } finally {
            unlock();
        }
    }
}
