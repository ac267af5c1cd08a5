package bitnet.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import bitnet.api.inference.BatchScheduler;
import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.GenerationRequest;
import bitnet.api.inference.GenerationResult;
import bitnet.api.inference.Model;
import bitnet.api.inference.ModelLoader;
import bitnet.api.inference.PendingGeneration;
import bitnet.api.inference.SchedulerOptions;
import bitnet.api.inference.TokenListener;
import bitnet.api.memory.MemoryPool;
import bitnet.api.memory.OutOfPoolMemoryException;
import bitnet.api.ops.TensorOps;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;

/**
 * A pool limit far below the workload: work that does not fit fails with the typed OutOfPoolMemoryException (never
 * the heap's OutOfMemoryError), generations whose KV caches do not fit wait in the scheduler's queue and all finish
 * with the right tokens, and the platform serves normally once the limit is lifted.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PressureIT {
    private static final String POOL_PID = "bitnet.memory.cpu";
    private static final Path TINY = Path.of(System.getProperty("bitnet.root"), "bitnet.model/src/test/resources/tiny");

    @Inject
    private MemoryPool pool;
    @Inject
    private ConfigurationAdmin configAdmin;
    @Inject
    private TensorFactory factory;
    @Inject
    private TensorOps ops;
    @Inject
    private ModelLoader loader;

    @Configuration
    public Option[] config() {
        return Platform.options();
    }

    // Small slabs and buddy chunks, so that a limit of a few MiB is not taken by one 32 MiB chunk.
    private void limit(long bytes) throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration(POOL_PID, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("limitBytes", bytes);
        props.put("slabBytes", 256L << 10);
        props.put("largeChunkBytes", 1L << 20);
        c.update(props);
        long want = bytes == 0 ? Long.MAX_VALUE : bytes;
        Platform.await(() -> pool.stats().limitBytes() == want, "the pool limit " + bytes);
    }

    @Test
    public void underATightLimitWorkFailsTypedOrWaitsAndEverythingRecovers() throws Exception {
        JsonNode greedy = new ObjectMapper().readTree(TINY.resolve("reference/model-a/greedy.json").toFile());
        int[] prompt = new int[greedy.get("prompt_ids").size()];
        Arrays.setAll(prompt, i -> greedy.get("prompt_ids").get(i).asInt());
        int[] want = new int[greedy.get("generated_ids").size()];
        Arrays.setAll(want, i -> greedy.get("generated_ids").get(i).asInt());
        long before = pool.stats().bytesInUse();
        limit(0);
        try (Model model = loader.load(TINY.resolve("gguf-i2s.gguf"))) {
            // Room for the model and a few of the sixteen KV caches (128 positions, F16: 128 KiB each).
            limit(pool.stats().bytesReserved() + (1L << 20));
            for (int i = 0; i < 3; i++) {
                try (Tensor big = factory.zeros(DType.F32, 4096, 4096)) {
                    fail("a 64 MiB tensor must not fit, got " + big);
                } catch (OutOfPoolMemoryException expected) {
                    assertTrue(expected.getMessage(), expected.getMessage().contains("limit"));
                }
            }
            try (BatchScheduler scheduler = model.scheduler(new SchedulerOptions(16, 16, 128, 0, 64))) {
                List<PendingGeneration> pending = new ArrayList<>();
                for (int r = 0; r < 16; r++) {
                    pending.add(scheduler.submit(new GenerationRequest(prompt, GenerationOptions.greedy()
                            .withMaxTokens(want.length).withIgnoreStopTokens(true)), TokenListener.NONE));
                }
                for (PendingGeneration p : pending) {
                    GenerationResult g = p.result().get(120, TimeUnit.SECONDS);
                    assertArrayEquals(want, g.tokens());
                }
                assertEquals(16, scheduler.stats().completed());
                assertEquals(0, scheduler.stats().failed());
            }
        } finally {
            configAdmin.getConfiguration(POOL_PID, "?").delete();
            Platform.await(() -> pool.stats().limitBytes() == Long.MAX_VALUE, "the limit lifted");
        }
        try (Tensor a = factory.ones(DType.F32, 1024, 1024); Tensor b = ops.matmul(a, a)) {
            assertEquals(1024f, b.getFloat(7, 9), 0f);
        }
        Platform.await(() -> pool.stats().bytesInUse() == before, "every pool byte back");
    }
}
