package bitnet.backend.metal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import bitnet.api.tensor.Tensor;
import bitnet.backend.metal.abi.Binding;
import bitnet.backend.metal.abi.Dispatch;
import bitnet.backend.metal.abi.MetalNative;
import bitnet.backend.metal.kernel.CallPlan;
import bitnet.backend.metal.memory.DeviceAllocator;
import bitnet.backend.metal.memory.DeviceBlock;

/**
 * Executes a {@link CallPlan}: a device block per slot with the host bytes copied in, every step encoded into one
 * command buffer, one commit (which waits), the result copied into the output tensor (and the plan's further
 * results into theirs), the blocks given back. The
 * output is written only after the command buffer succeeded, so a failure leaves it for the next backend.
 */
final class PlanRunner {
    private PlanRunner() {
    }

    static void run(CallPlan plan, MetalNative nat, long context, DeviceAllocator allocator, Tensor output) {
        if (plan.steps().isEmpty()) {
            return;
        }
        List<DeviceBlock> blocks = new ArrayList<>(plan.slots().size());
        try {
            for (CallPlan.Slot slot : plan.slots()) {
                DeviceBlock block = allocator.allocate(slot.bytes());
                blocks.add(block);
                if (slot.source() != null) {
                    MemorySegment.copy(slot.source(), 0, block.segment(), 0, slot.bytes());
                }
            }
            long batch = nat.beginBatch(context);
            boolean encoded = false;
            try {
                for (CallPlan.Step step : plan.steps()) {
                    List<Binding> bindings = new ArrayList<>(step.bindings().size());
                    for (int slot : step.bindings()) {
                        bindings.add(blocks.get(slot).binding());
                    }
                    nat.dispatch(batch, new Dispatch(step.kernel(), bindings, step.params(), step.launch()));
                }
                encoded = true;
            } finally {
                if (!encoded) {
                    nat.abort(batch);
                }
            }
            nat.commit(batch);
            if (plan.outputBytes() > 0) {
                MemorySegment.copy(blocks.get(plan.outputSlot()).segment(), 0, output.segment(),
                        output.offset() * output.dtype().bitsPerElement() / 8, plan.outputBytes());
            }
            for (CallPlan.Result r : plan.results()) {
                copyOut(blocks.get(r.slot()).segment(), r);
            }
        } finally {
            for (DeviceBlock block : blocks) {
                block.close();
            }
        }
    }

    static void copyOut(MemorySegment from, CallPlan.Result r) {
        long n = r.target().byteSize();
        if (n == 0) {
            return;
        }
        MemorySegment.copy(from, 0, r.target(), 0, n - 1);
        int keep = ~((1 << r.lastByteBits()) - 1);
        byte old = r.target().get(ValueLayout.JAVA_BYTE, n - 1);
        byte fresh = from.get(ValueLayout.JAVA_BYTE, n - 1);
        r.target().set(ValueLayout.JAVA_BYTE, n - 1, (byte) ((old & keep) | (fresh & ~keep)));
    }
}
