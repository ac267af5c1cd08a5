package bitnet.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

import bitnet.api.convert.ConversionEngine;
import bitnet.api.convert.ConversionOptions;
import bitnet.api.convert.ConversionResult;
import bitnet.api.convert.ConversionStrategy;
import bitnet.api.io.TensorIO;
import bitnet.api.sequence.SequenceBatch;
import bitnet.api.sequence.SequenceBatcher;
import bitnet.api.sequence.SequenceOptions;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;

/** The conversion engine and the sequence batcher as services, and {@code bitnet:convert} on real files. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConvertIT {
    @Inject
    private BundleContext context;
    @Inject
    private ConversionEngine engine;
    @Inject
    private SequenceBatcher batcher;
    @Inject
    private TensorFactory factory;
    @Inject
    private TensorIO io;
    @Inject
    private CommandProcessor commands;

    @Configuration
    public Option[] config() {
        return Platform.options();
    }

    @Test
    public void servicesConvertAndBatch() {
        long before = engine.stats().conversions();
        try (Tensor t = factory.of(new float[] {0.5f, -1f, 2.5f}, 3);
                ConversionResult r = engine.convert(t, DType.I8, ConversionOptions.of(ConversionStrategy.DIRECT));
                SequenceBatch b = batcher.batch(List.of(new int[] {1, 2}, new int[] {3}), SequenceOptions.longest())) {
            assertArrayEquals(new float[] {0, -1, 2}, r.tensor().toFloatArray(), 0f);
            assertArrayEquals(new float[] {1, 1, 1, 0}, b.attentionMask().toFloatArray(), 0f);
            assertEquals(before + 1, engine.stats().conversions());
        }
    }

    @Test
    public void convertCommandWritesTheFileAndReports() throws Exception {
        Platform.await(context, "(&(osgi.command.scope=bitnet)(osgi.command.function=convert))", 10_000);
        Path dir = Files.createTempDirectory("convert-it");
        Path in = dir.resolve("in.npy");
        Path out = dir.resolve("out.npy");
        try (Tensor t = factory.of(new float[] {0.1f, -0.7f, 0.3f, 1.2f, -0.05f, 0.55f}, 2, 3)) {
            io.writeNpy(in, t);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (CommandSession session = commands.createSession(new ByteArrayInputStream(new byte[0]), ps, ps)) {
            String report = session.execute("bitnet:convert " + out + " " + in + " i8 strategy=quantization-aware")
                    .toString();
            assertTrue(report, report.contains("-> " + out + " (I8, 6 bytes)"));
            assertTrue(report, report.contains("strategy QUANTIZATION_AWARE, mode COPY"));
            assertTrue(report, report.contains("2 scales"));
            assertTrue(report, report.contains("error vs input (6 finite elements)"));
            try (Tensor written = io.readNpy(out)) {
                assertEquals(DType.I8, written.dtype());
                assertArrayEquals(new float[] {18, -127, 54, 127, -5, 58}, written.toFloatArray(), 0f);
            }
            try {
                session.execute("bitnet:convert " + out + " " + in + " i8 strategy=sideways");
                throw new AssertionError("an unknown strategy must fail");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("unknown ConversionStrategy 'sideways'"));
            }
        }
    }
}
