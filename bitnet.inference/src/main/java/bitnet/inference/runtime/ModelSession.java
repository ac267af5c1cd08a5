package bitnet.inference.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import bitnet.api.inference.ChatMessage;
import bitnet.api.inference.ContextOverflowException;
import bitnet.api.inference.FinishReason;
import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.GenerationResult;
import bitnet.api.inference.InferenceException;
import bitnet.api.inference.Session;
import bitnet.api.inference.TokenListener;
import bitnet.api.tensor.Slice;
import bitnet.api.tensor.Tensor;
import bitnet.inference.sampling.Sampler;
import bitnet.inference.text.TextStream;

/**
 * A session over one KV cache. The tokens of a sequence are either fed (their keys and values are in the cache) or
 * pending: a generation's last token (and its stop token) is not fed, since nothing needed its logits; the next
 * call feeds it first. A generation with an empty prompt after a prefill feeds the last token again for its logits.
 * Nothing changes when a call does not fit the cache. A chat turn renders the whole conversation and feeds only what differs from the tokens the
 * session holds (the longest common prefix stays in the cache).
 */
final class ModelSession implements Session {
    private final LoadedModel model;
    private final KvCache cache;
    private final IntList fed = new IntList();
    private final IntList pending = new IntList();
    private final List<ChatMessage> conversation = new ArrayList<>();
    private volatile boolean cancelled;
    private boolean closed;

    ModelSession(LoadedModel model, KvCache cache) {
        this.model = model;
        this.cache = cache;
    }

    @Override
    public int position() {
        return fed.size();
    }

    @Override
    public int capacity() {
        return cache.capacity();
    }

    @Override
    public int[] tokens() {
        return fed.toArray();
    }

    /** @return bytes of pool memory the KV cache holds */
    long cacheBytes() {
        return cache.bytes();
    }

    @Override
    public synchronized Tensor prefill(int[] ids, boolean allPositions) {
        checkOpen();
        if (ids.length == 0) {
            throw new InferenceException("prefill needs at least one token");
        }
        model.checkIds(ids);
        int[] all = withPending(ids);
        fits(fed.size(), all.length, 0);
        pending.clear();
        Tensor logits = feed(all, allPositions);
        if (!allPositions || all.length == ids.length) {
            return logits;
        }
        try (logits) {
            return logits.slice(Slice.range(all.length - ids.length, all.length));
        }
    }

    @Override
    public synchronized GenerationResult generate(int[] promptIds, GenerationOptions options, TokenListener listener) {
        checkOpen();
        model.checkIds(promptIds);
        int[] input = withPending(promptIds);
        // Everything the session holds is fed and the last logits were not kept: feed the last token again.
        boolean again = input.length == 0 && fed.size() > 0;
        if (input.length == 0 && !again) {
            throw new InferenceException("nothing to generate from: the prompt is empty and the session holds no "
                    + "tokens");
        }
        fits(fed.size(), again ? 0 : input.length, options.maxTokens());
        pending.clear();
        if (again) {
            input = new int[] {fed.toArray()[fed.size() - 1]};
            truncateFed(fed.size() - 1);
        }
        cancelled = false;
        return run(input, promptIds.length, options, listener);
    }

    @Override
    public synchronized GenerationResult chat(List<ChatMessage> messages, GenerationOptions options,
            TokenListener listener) {
        checkOpen();
        List<ChatMessage> next = new ArrayList<>(conversation);
        next.addAll(messages);
        int[] rendered = model.encodeChat(next, true);
        int[] held = logicalTokens();
        int common = commonPrefix(held, rendered);
        // At least the last rendered token is fed, so that its logits start the answer.
        int keep = Math.min(common, rendered.length - 1);
        int start = Math.min(keep, fed.size());
        // Checked before the cache changes, so that a turn that does not fit leaves the session as it was.
        fits(start, rendered.length - start, options.maxTokens());
        if (keep < fed.size()) {
            truncateFed(keep);
        }
        pending.clear();
        int[] input = Arrays.copyOfRange(rendered, fed.size(), rendered.length);
        cancelled = false;
        GenerationResult result = run(input, input.length, options, listener);
        conversation.clear();
        conversation.addAll(next);
        conversation.add(ChatMessage.assistant(result.text()));
        return result;
    }

    private GenerationResult run(int[] input, int promptTokens, GenerationOptions options, TokenListener listener) {
        Sampler sampler = new Sampler(options, model.config().vocabSize());
        sampler.accept(fed.toArray());
        sampler.accept(input);
        TextStream text = new TextStream(model.tokenizer(), options.stop());
        IntList generated = new IntList();
        long t0 = System.nanoTime();
        if (options.maxTokens() == 0) {
            try (Tensor unused = feed(input, false)) {
                return new GenerationResult(new int[0], "", FinishReason.LENGTH, promptTokens,
                        System.nanoTime() - t0, 0);
            }
        }
        float[] logits;
        try (Tensor l = feed(input, false)) {
            logits = l.toFloatArray();
        }
        long t1 = System.nanoTime();
        FinishReason reason = FinishReason.LENGTH;
        while (true) {
            int token = sampler.sample(logits);
            if (!options.ignoreStopTokens() && model.stopTokenIds().contains(token)) {
                pending.add(token);
                reason = FinishReason.STOP;
                break;
            }
            generated.add(token);
            sampler.accept(token);
            String piece = text.accept(token);
            boolean go = listener.onToken(token, piece);
            if (text.stopped()) {
                pending.add(token);
                reason = FinishReason.STOP;
                break;
            }
            if (!go || cancelled) {
                pending.add(token);
                reason = FinishReason.CANCELLED;
                break;
            }
            if (generated.size() == options.maxTokens()) {
                pending.add(token);
                break;
            }
            try (Tensor l = feed(new int[] {token}, false)) {
                logits = l.toFloatArray();
            }
        }
        String rest = text.finish();
        if (!rest.isEmpty() && reason != FinishReason.STOP) {
            listener.onToken(-1, rest);
        }
        return new GenerationResult(generated.toArray(), text.text(), reason, promptTokens, t1 - t0,
                System.nanoTime() - t1);
    }

    private Tensor feed(int[] ids, boolean allPositions) {
        Tensor logits = model.transformer().forward(cache, ids, allPositions);
        fed.addAll(ids);
        return logits;
    }

    /** @return the pending tokens, then {@code ids}; the caller clears {@code pending} once the call fits */
    private int[] withPending(int[] ids) {
        int[] all = new int[pending.size() + ids.length];
        System.arraycopy(pending.toArray(), 0, all, 0, pending.size());
        System.arraycopy(ids, 0, all, pending.size(), ids.length);
        return all;
    }

    private int[] logicalTokens() {
        int[] a = fed.toArray();
        int[] b = pending.toArray();
        int[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private void fits(int held, int newTokens, int maxTokens) {
        long needed = (long) held + newTokens + maxTokens;
        if (needed > cache.capacity()) {
            throw new ContextOverflowException(held + newTokens, maxTokens, cache.capacity());
        }
    }

    private static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }

    private void truncateFed(int position) {
        fed.truncate(position);
        cache.setLength(position);
    }

    @Override
    public synchronized List<ChatMessage> history() {
        return List.copyOf(conversation);
    }

    @Override
    public synchronized void truncate(int position) {
        checkOpen();
        if (position < 0 || position > fed.size()) {
            throw new IllegalArgumentException("position " + position + " is outside [0, " + fed.size() + "]");
        }
        truncateFed(position);
        pending.clear();
        conversation.clear();
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new InferenceException("the session is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            cache.close();
            model.sessionClosed(this);
        }
    }

    /** A growable list of ints. */
    private static final class IntList {
        private int[] values = new int[64];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        void addAll(int[] vs) {
            for (int v : vs) {
                add(v);
            }
        }

        int size() {
            return size;
        }

        void truncate(int n) {
            size = n;
        }

        void clear() {
            size = 0;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
