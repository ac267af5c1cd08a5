package bitnet.server.http;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.InferenceException;

/**
 * The generation fields chat and text completions share, read strictly. OpenAI's neutral defaults apply to what a
 * request leaves out (temperature 1, top_p 1, no penalties), and the extensions other servers accept ({@code top_k},
 * {@code min_p}, {@code ignore_eos}) are off by default; {@code max_tokens} defaults to what the context leaves, which
 * only the rendered prompt tells ({@link #options(int, int, String)}).
 *
 * @param options how to generate, every field checked; its {@code maxTokens} is the request's, or 1 when the request
 *     leaves it to the context
 * @param maxTokens {@code max_tokens} (or {@code max_completion_tokens}), or 0 when absent: what the context leaves
 * @param stream whether to answer with Server-Sent Events
 * @param includeUsage whether a streamed answer ends with a usage chunk ({@code stream_options.include_usage})
 * @param model the model the request names, or null
 */
public record SamplingRequest(GenerationOptions options, int maxTokens, boolean stream, boolean includeUsage,
        String model) {

    /**
     * @param body the request
     * @return the request's generation settings
     * @throws ApiError 400 naming the field that is of the wrong type or out of range
     */
    public static SamplingRequest parse(ObjectNode body) {
        String model = Fields.string(body, "model", null);
        if (Fields.integer(body, "n", 1, 1, Integer.MAX_VALUE) != 1) {
            throw ApiError.badRequest("Only n=1 is supported.", "n", "invalid_value");
        }
        JsonNode logprobs = body.get("logprobs");
        if (logprobs != null && !logprobs.isNull() && !(logprobs.isBoolean() && !logprobs.booleanValue())
                && !(logprobs.isIntegralNumber() && logprobs.intValue() == 0)) {
            throw ApiError.badRequest("logprobs are not supported.", "logprobs", "invalid_value");
        }
        String maxField = Fields.has(body, "max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        int maxTokens = (int) Fields.integer(body, maxField, 0, 1, Integer.MAX_VALUE);
        double temperature = Fields.number(body, "temperature", 1, 0, 2);
        double topP = Fields.number(body, "top_p", 1, 0, 1);
        if (topP == 0) {
            throw ApiError.badRequest("'top_p' must be greater than 0.", "top_p", "invalid_value");
        }
        long topK = Fields.integer(body, "top_k", 0, 0, Integer.MAX_VALUE);
        double minP = Fields.number(body, "min_p", 0, 0, 1);
        double presence = Fields.number(body, "presence_penalty", 0, -2, 2);
        double frequency = Fields.number(body, "frequency_penalty", 0, -2, 2);
        Long seed = Fields.has(body, "seed") ? Fields.integer(body, "seed", 0, Long.MIN_VALUE, Long.MAX_VALUE) : null;
        List<String> stop = Fields.strings(body, "stop", GenerationOptions.MAX_STOP_STRINGS);
        boolean ignoreEos = Fields.bool(body, "ignore_eos", false);
        boolean stream = Fields.bool(body, "stream", false);
        boolean includeUsage = false;
        JsonNode streamOptions = body.get("stream_options");
        if (streamOptions != null && !streamOptions.isNull()) {
            if (!(streamOptions instanceof ObjectNode so)) {
                throw Fields.wrongType("stream_options", "an object", streamOptions);
            }
            try {
                includeUsage = Fields.bool(so, "include_usage", false);
            } catch (ApiError e) {
                throw Fields.wrongType("stream_options.include_usage", "a boolean", so.get("include_usage"));
            }
        }
        GenerationOptions options;
        try {
            options = GenerationOptions.defaults().withMaxTokens(Math.max(1, maxTokens))
                    .withTemperature((float) temperature).withTopP((float) topP).withTopK((int) topK)
                    .withMinP((float) minP).withPenalties((float) presence, (float) frequency).withSeed(seed)
                    .withStop(stop).withIgnoreStopTokens(ignoreEos);
        } catch (InferenceException e) {
            throw ApiError.badRequest(e.getMessage(), null, "invalid_value");
        }
        return new SamplingRequest(options, maxTokens, stream, includeUsage, model);
    }

    /**
     * @param promptTokens tokens of the rendered prompt
     * @param capacity positions per request
     * @param promptField the field holding the prompt, for the context error
     * @return how to generate for this prompt: the requested tokens, or what the context leaves
     * @throws ApiError 400 with the three numbers when the prompt plus max_tokens do not fit the context, or when
     *     the prompt leaves no room at all
     */
    public GenerationOptions options(int promptTokens, int capacity, String promptField) {
        if (maxTokens > 0) {
            if ((long) promptTokens + maxTokens > capacity) {
                throw ApiError.contextOverflow(promptTokens, maxTokens, capacity, promptField);
            }
            return options;
        }
        if (promptTokens >= capacity) {
            throw ApiError.contextOverflow(promptTokens, 1, capacity, promptField);
        }
        return options.withMaxTokens(capacity - promptTokens);
    }
}
