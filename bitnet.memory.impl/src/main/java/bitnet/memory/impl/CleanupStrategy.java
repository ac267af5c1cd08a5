package bitnet.memory.impl;

/** When a pool gives cached memory (empty slabs and chunks) back to the system. */
public enum CleanupStrategy {
    /** Memory that stayed cached for longer than the idle time is released by the background tick. */
    IDLE,
    /** Everything cached is released when usage rises past a pressure threshold or an allocation hits the limit. */
    PRESSURE,
    /** Everything cached is released at every background tick. */
    PERIODIC
}
