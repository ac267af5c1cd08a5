package bitnet.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

import bitnet.api.memory.MemoryPool;
import bitnet.api.memory.OutOfPoolMemoryException;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;

/** The CPU pool reconfigured through Configuration Admin while the framework runs, and its shell commands. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MemoryConfigurationIT {
    private static final String PID = "bitnet.memory.cpu";

    @Inject
    private BundleContext context;
    @Inject
    private ConfigurationAdmin configAdmin;
    @Inject
    private MemoryPool pool;
    @Inject
    private TensorFactory factory;
    @Inject
    private CommandProcessor commands;

    @Configuration
    public Option[] config() {
        return Platform.options();
    }


    @Test
    public void aLimitSetThroughConfigurationAdminAppliesWithoutARestart() throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration(PID, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("limitBytes", 8L << 20);
        c.update(props);
        try {
            Platform.await(() -> pool.stats().limitBytes() == 8L << 20, "the 8 MiB limit");
            try (Tensor big = factory.empty(DType.F32, 16L << 20)) {
                fail("a 64 MiB tensor must not fit an 8 MiB limit, got " + big);
            } catch (OutOfPoolMemoryException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("limit"));
            }
            try (Tensor small = factory.zeros(DType.F32, 1024)) {
                assertEquals(0f, small.getFloat(3), 0f);
            }
        } finally {
            c.delete();
        }
        Platform.await(() -> pool.stats().limitBytes() == Long.MAX_VALUE, "the limit to be lifted");
        try (Tensor big = factory.empty(DType.F32, 16L << 20)) {
            assertEquals(16L << 20, big.size());
        }
    }

    @Test
    public void memoryAndLeaksCommandsReportThePool() throws Exception {
        Platform.await(context, "(&(osgi.command.scope=bitnet)(osgi.command.function=memory))", 10_000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (CommandSession session = commands.createSession(new ByteArrayInputStream(new byte[0]), out, out);
                Tensor t = factory.zeros(DType.F32, 1000)) {
            String memory = session.execute("bitnet:memory").toString();
            assertTrue(memory, memory.contains("pool cpu"));
            assertTrue(session.execute("bitnet:leaks") != null);
        }
    }
}
