package bitnet.server.http;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.api.inference.ChatMessage;

/**
 * The request bodies of the endpoints that take one, read into validated requests before any model is involved:
 * every field of the right JSON type and in range, or a 400 naming it. What only the served model can tell (its
 * name, its vocabulary, whether the rendered prompt fits its context) the endpoints check afterwards.
 */
public final class ApiRequests {
    private ApiRequests() {
    }

    /**
     * {@code POST /v1/chat/completions}.
     *
     * @param messages the conversation, at least one message; a developer message is a system message
     * @param sampling how to generate and answer
     */
    public record Chat(List<ChatMessage> messages, SamplingRequest sampling) {
        /** Copies the messages. */
        public Chat {
            messages = List.copyOf(messages);
        }
    }

    /**
     * {@code POST /v1/completions}: one prompt, text or token ids.
     *
     * @param text the prompt as text, or null when it is token ids
     * @param ids the prompt's token ids (at least one, each at least 0), or null when it is text
     * @param sampling how to generate and answer
     */
    public record Completion(String text, int[] ids, SamplingRequest sampling) {
    }

    /**
     * {@code POST /tokenize}: text, or a conversation to render.
     *
     * @param model the model the request names, or null
     * @param text the text, or null when it is a conversation
     * @param addSpecialTokens whether the text gets the BOS a completion's prompt gets
     * @param messages the conversation, or null when it is text
     * @param addGenerationPrompt whether the rendered conversation ends with the assistant's turn opened
     */
    public record Tokenize(String model, String text, boolean addSpecialTokens, List<ChatMessage> messages,
            boolean addGenerationPrompt) {
    }

    /**
     * {@code POST /detokenize}.
     *
     * @param model the model the request names, or null
     * @param ids the token ids, each at least 0
     * @param skipSpecialTokens whether special tokens are left out of the text
     */
    public record Detokenize(String model, int[] ids, boolean skipSpecialTokens) {
    }

    /**
     * @param body a request body
     * @return the chat request it holds
     * @throws ApiError 400 naming what is wrong
     */
    public static Chat chat(byte[] body) {
        return chat(RequestBody.parse(body));
    }

    static Chat chat(ObjectNode body) {
        List<ChatMessage> messages = ChatMessages.parse(body, "messages");
        return new Chat(messages, SamplingRequest.parse(body));
    }

    /**
     * @param body a request body
     * @return the completion request it holds
     * @throws ApiError 400 naming what is wrong, and for what this server does not support ({@code suffix},
     *     {@code echo}, {@code best_of} > 1, more than one prompt)
     */
    public static Completion completion(byte[] body) {
        return completion(RequestBody.parse(body));
    }

    static Completion completion(ObjectNode body) {
        for (String unsupported : new String[] {"suffix", "echo"}) {
            JsonNode n = body.get(unsupported);
            if (n != null && !n.isNull() && !(n.isBoolean() && !n.booleanValue())) {
                throw ApiError.badRequest("'" + unsupported + "' is not supported.", unsupported, "invalid_value");
            }
        }
        if (Fields.integer(body, "best_of", 1, 1, Integer.MAX_VALUE) != 1) {
            throw ApiError.badRequest("Only best_of=1 is supported.", "best_of", "invalid_value");
        }
        JsonNode p = body.get("prompt");
        if (p == null || p.isNull()) {
            throw ApiError.badRequest("'prompt' is required: a string or an array of token ids.", "prompt",
                    "missing");
        }
        // A string, an array of token ids, or an array holding one of those.
        if (p.isArray() && !p.isEmpty() && (p.get(0).isTextual() || p.get(0).isArray())) {
            if (p.size() > 1) {
                throw ApiError.badRequest("Only one prompt per request is supported; got " + p.size() + ".",
                        "prompt", "invalid_value");
            }
            p = p.get(0);
        }
        SamplingRequest sampling;
        if (p.isTextual()) {
            sampling = SamplingRequest.parse(body);
            return new Completion(p.textValue(), null, sampling);
        }
        if (!p.isArray()) {
            throw Fields.wrongType("prompt", "a string or an array of token ids", p);
        }
        if (p.isEmpty()) {
            throw ApiError.badRequest("'prompt' must hold at least one token id.", "prompt", "invalid_value");
        }
        int[] ids = ids(p, "prompt");
        return new Completion(null, ids, SamplingRequest.parse(body));
    }

    /**
     * @param body a request body
     * @return the tokenize request it holds: {@code messages} if present, else {@code prompt} (or {@code content})
     * @throws ApiError 400 naming what is wrong
     */
    public static Tokenize tokenize(byte[] body) {
        return tokenize(RequestBody.parse(body));
    }

    static Tokenize tokenize(ObjectNode body) {
        String model = Fields.string(body, "model", null);
        if (Fields.has(body, "messages")) {
            boolean generationPrompt = Fields.bool(body, "add_generation_prompt", true);
            return new Tokenize(model, null, false, ChatMessages.parse(body, "messages"), generationPrompt);
        }
        String field = Fields.has(body, "prompt") ? "prompt" : "content";
        String text = Fields.string(body, field, null);
        if (text == null) {
            throw ApiError.badRequest("Send 'prompt' (a string) or 'messages'.", "prompt", "missing");
        }
        return new Tokenize(model, text, Fields.bool(body, "add_special_tokens", true), null, false);
    }

    /**
     * @param body a request body
     * @return the detokenize request it holds
     * @throws ApiError 400 naming what is wrong
     */
    public static Detokenize detokenize(byte[] body) {
        return detokenize(RequestBody.parse(body));
    }

    static Detokenize detokenize(ObjectNode body) {
        String model = Fields.string(body, "model", null);
        JsonNode tokens = body.get("tokens");
        if (tokens == null || tokens.isNull()) {
            throw ApiError.badRequest("'tokens' is required: an array of token ids.", "tokens", "missing");
        }
        if (!tokens.isArray()) {
            throw Fields.wrongType("tokens", "an array of token ids", tokens);
        }
        int[] ids = ids(tokens, "tokens");
        return new Detokenize(model, ids, Fields.bool(body, "skip_special_tokens", false));
    }

    // Token ids: integers from 0 to Integer.MAX_VALUE; whether the vocabulary has them only the model tells.
    private static int[] ids(JsonNode array, String field) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode n = array.get(i);
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw Fields.wrongType(field + "[" + i + "]", "a token id (an integer)", n);
            }
            ids[i] = n.intValue();
            if (ids[i] < 0) {
                throw ApiError.badRequest("Token id " + ids[i] + " at position " + i + " is negative.", field,
                        "invalid_value");
            }
        }
        return ids;
    }
}
