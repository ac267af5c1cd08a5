package bitnet.backend.metal.abi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A stand-in for libbitnet_metal: buffers are host memory, dispatches are recorded (with a copy of every bound
 * buffer's bytes at encode time) and run nothing. A test may set {@link #onDispatch} to act at encode time (write
 * a marker into the output binding, block, fail) and {@link #failCommitWith} to make the commit fail. It computes
 * nothing a shader would compute.
 */
public final class FakeMetal implements MetalNative {
    /** One recorded launch. */
    public record Recorded(Dispatch dispatch, List<byte[]> boundBytes) {
    }

    private final Arena arena = Arena.ofShared();
    private final Map<Long, MemorySegment> buffers = new HashMap<>();
    private long nextHandle = 1;
    public final List<Recorded> dispatches = new CopyOnWriteArrayList<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public int devices = 1;
    public Consumer<Dispatch> onDispatch = d -> { };
    public RuntimeException failCommitWith;
    public RuntimeException failOpenWith;
    public DeviceInfo info = new DeviceInfo("Fake GPU", 1L << 30, 1L << 28, 1024, true);

    @Override
    public int deviceCount() {
        return devices;
    }

    @Override
    public long open(int device, String metallibPath, String source) {
        calls.add("open " + device + " " + (metallibPath != null ? "metallib" : "source"));
        if (failOpenWith != null) {
            throw failOpenWith;
        }
        return 0xC0FFEE;
    }

    @Override
    public DeviceInfo deviceInfo(long context) {
        return info;
    }

    @Override
    public synchronized NativeBuffer newBuffer(long context, long bytes) {
        MemorySegment s = arena.allocate(bytes, 16384);
        long handle = nextHandle++;
        buffers.put(handle, s);
        return new NativeBuffer(handle, s.address());
    }

    @Override
    public synchronized void freeBuffer(long buffer) {
        if (buffers.remove(buffer) == null) {
            throw new AssertionError("double free of buffer " + buffer);
        }
    }

    /** @return buffers allocated and not freed */
    public synchronized int liveBuffers() {
        return buffers.size();
    }

    /**
     * @param b a binding from a dispatch
     * @return the host memory behind it, from its offset to the end of its buffer
     */
    public synchronized MemorySegment memory(Binding b) {
        MemorySegment s = buffers.get(b.buffer());
        return s.asSlice(b.offset());
    }

    @Override
    public long beginBatch(long context) {
        calls.add("begin");
        return 77;
    }

    @Override
    public void dispatch(long batch, Dispatch dispatch) {
        calls.add("dispatch " + dispatch.kernel());
        List<byte[]> bytes = new ArrayList<>();
        for (Binding b : dispatch.bindings()) {
            MemorySegment m = memory(b);
            bytes.add(m.asSlice(0, Math.min(m.byteSize(), 4096)).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
        dispatches.add(new Recorded(dispatch, bytes));
        onDispatch.accept(dispatch);
    }

    @Override
    public void commit(long batch) {
        calls.add("commit");
        if (failCommitWith != null) {
            throw failCommitWith;
        }
    }

    @Override
    public void abort(long batch) {
        calls.add("abort");
    }

    @Override
    public void close(long context) {
        calls.add("close");
    }
}
