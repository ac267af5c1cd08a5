package bitnet.convert;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.BitNetException;
import bitnet.api.convert.ChunkSink;
import bitnet.api.convert.ConversionEngine;
import bitnet.api.convert.ConversionException;
import bitnet.api.convert.ConversionMode;
import bitnet.api.convert.ConversionOptions;
import bitnet.api.convert.ConversionResult;
import bitnet.api.convert.ConversionStats;
import bitnet.api.convert.ConversionStrategy;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;

/** The conversion engine: plans a request (checks, scans), then runs it in the requested mode. */
@Component(service = ConversionEngine.class)
public final class DefaultConversionEngine implements ConversionEngine {
    private final TensorFactory factory;
    private final Counters counters = new Counters();

    /** @param factory allocates results and stream buffers */
    @Activate
    public DefaultConversionEngine(@Reference TensorFactory factory) {
        this.factory = factory;
    }

    @Override
    public ConversionResult convert(Tensor source, DType target, ConversionOptions options) {
        long start = System.nanoTime();
        try {
            ConversionResult r = execute(source, target, options, prepare(source, target, options), start);
            counters.completed(r);
            return r;
        } catch (RuntimeException e) {
            counters.failed();
            throw e;
        }
    }

    @Override
    public List<ConversionResult> convertAll(List<? extends Tensor> sources, DType target, ConversionOptions options) {
        List<Plan> plans = new ArrayList<>(sources.size());
        for (int i = 0; i < sources.size(); i++) {
            Tensor source = sources.get(i);
            try {
                plans.add(prepare(source, target, options));
            } catch (ConversionException e) {
                counters.failed();
                throw new ConversionException(source.dtype(), target, options.strategy(), "batch tensor #" + i
                        + " of " + sources.size() + ": " + e.getMessage(), e);
            }
        }
        List<ConversionResult> results = new ArrayList<>(sources.size());
        try {
            for (int i = 0; i < sources.size(); i++) {
                ConversionResult r = execute(sources.get(i), target, options, plans.get(i), System.nanoTime());
                results.add(r);
                counters.completed(r);
            }
            return results;
        } catch (RuntimeException e) {
            counters.failed();
            results.forEach(ConversionResult::close);
            throw e;
        }
    }

    @Override
    public ConversionResult stream(Tensor source, DType target, ConversionOptions options, ChunkSink sink) {
        long start = System.nanoTime();
        try {
            Plan plan = Planner.plan(source, target, options);
            long n = source.size();
            long chunk = Math.min(options.chunkElements(), Math.max(1, n));
            long chunks = 0;
            SourceWalk walk = new SourceWalk(source);
            double[] tile = new double[Converter.TILE];
            try (Tensor buffer = factory.empty(target, chunk)) {
                for (long from = 0; from < n; from += chunk) {
                    long len = Math.min(chunk, n - from);
                    Converter.run(plan, walk, from, from + len, buffer.segment(), buffer.offset(), tile);
                    deliver(sink, buffer, len, from, plan);
                    chunks++;
                }
            }
            ConversionResult r = new ConversionResult(null, source.dtype(), target, options.strategy(),
                    ConversionMode.STREAMING, false, plan.scales(), chunks, source.dtype().byteSize(n),
                    target.byteSize(n), System.nanoTime() - start);
            counters.completed(r);
            return r;
        } catch (RuntimeException e) {
            counters.failed();
            throw e;
        }
    }

    private static void deliver(ChunkSink sink, Tensor buffer, long len, long from, Plan plan) {
        try {
            if (len == buffer.size()) {
                sink.accept(buffer, from);
            } else {
                try (Tensor part = buffer.slice(Slice.range(0, len))) {
                    sink.accept(part, from);
                }
            }
        } catch (BitNetException e) {
            throw e;
        } catch (Exception e) {
            throw new ConversionException(plan.source(), plan.target(), plan.strategy(),
                    "the chunk sink failed at element " + from + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean supports(DType source, DType target, ConversionStrategy strategy) {
        return Planner.supports(source, target, strategy);
    }

    @Override
    public ConversionStats stats() {
        return counters.snapshot();
    }

    /** Checks the mode's preconditions, then plans (which scans the values where the strategy needs it). */
    private static Plan prepare(Tensor source, DType target, ConversionOptions options) {
        if (options.mode() == ConversionMode.IN_PLACE) {
            InPlace.check(source, target, options.strategy());
        }
        return Planner.plan(source, target, options);
    }

    private ConversionResult execute(Tensor source, DType target, ConversionOptions options, Plan plan, long start) {
        return switch (options.mode()) {
            case ZERO_COPY -> identity(source.dtype(), target, options.strategy())
                    ? result(source.slice(), source, target, options, plan, ConversionMode.ZERO_COPY, 0, start)
                    : copy(source, target, plan, Long.MAX_VALUE, ConversionMode.COPY, options, start);
            case COPY -> copy(source, target, plan, Long.MAX_VALUE, ConversionMode.COPY, options, start);
            case STREAMING -> copy(source, target, plan, options.chunkElements(), ConversionMode.STREAMING, options,
                    start);
            case IN_PLACE -> {
                Tensor result = InPlace.run(source, target, plan);
                yield result(result, source, target, options, plan, ConversionMode.IN_PLACE, 1, start);
            }
        };
    }

    /** Same dtype under a strategy that leaves every representable value as it is. */
    static boolean identity(DType source, DType target, ConversionStrategy strategy) {
        return source == target && (strategy == ConversionStrategy.DIRECT || strategy == ConversionStrategy.STOCHASTIC);
    }

    /** A new contiguous result, filled in chunks of {@code chunk} elements (one chunk for COPY). */
    ConversionResult copy(Tensor source, DType target, ConversionOptions options) {
        long start = System.nanoTime();
        return copy(source, target, Planner.plan(source, target, options), Long.MAX_VALUE, ConversionMode.COPY,
                options, start);
    }

    private ConversionResult copy(Tensor source, DType target, Plan plan, long chunk, ConversionMode mode,
            ConversionOptions options, long start) {
        long n = source.size();
        Tensor out = target.bitsPerElement() < 8 ? factory.zeros(target, source.shape()) : factory.empty(target,
                source.shape());
        try {
            SourceWalk walk = new SourceWalk(source);
            double[] tile = new double[Converter.TILE];
            long chunks = 0;
            for (long from = 0; from < n; from += chunk) {
                long to = Math.min(n, from + chunk);
                Converter.run(plan, walk, from, to, out.segment(), out.offset() + from, tile);
                chunks++;
            }
            return result(out, source, target, options, plan, mode, chunks, start);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private static ConversionResult result(Tensor out, Tensor source, DType target, ConversionOptions options,
            Plan plan, ConversionMode mode, long chunks, long start) {
        boolean view = mode == ConversionMode.ZERO_COPY;
        long n = source.size();
        return new ConversionResult(out, source.dtype(), target, options.strategy(), mode,
                view || mode == ConversionMode.IN_PLACE, plan.scales(), chunks,
                view ? 0 : source.dtype().byteSize(n), view ? 0 : target.byteSize(n), System.nanoTime() - start);
    }
}
