package bitnet.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.api.inference.FinishReason;

/** How one endpoint writes its answers: the whole answer, and the chunks of a streamed one. */
public interface ResponseFormat {
    /** Chat completions: {@code chat.completion} and {@code chat.completion.chunk} objects. */
    ResponseFormat CHAT = new ResponseFormat() {
        @Override
        public String idPrefix() {
            return "chatcmpl-";
        }

        @Override
        public ObjectNode whole(Header h, String text, String finishReason) {
            ObjectNode root = h.object("chat.completion");
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", text);
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReason);
            return root;
        }

        @Override
        public ObjectNode first(Header h) {
            ObjectNode root = h.object("chat.completion.chunk");
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("delta").put("role", "assistant").put("content", "");
            choice.putNull("logprobs");
            choice.putNull("finish_reason");
            return root;
        }

        @Override
        public ObjectNode chunk(Header h, String text, String finishReason) {
            ObjectNode root = h.object("chat.completion.chunk");
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode delta = choice.putObject("delta");
            if (finishReason == null) {
                delta.put("content", text);
            }
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReason);
            return root;
        }

        @Override
        public ObjectNode usageChunk(Header h) {
            ObjectNode root = h.object("chat.completion.chunk");
            root.putArray("choices");
            return root;
        }
    };

    /** Text completions: {@code text_completion} objects, whole and streamed. */
    ResponseFormat COMPLETION = new ResponseFormat() {
        @Override
        public String idPrefix() {
            return "cmpl-";
        }

        @Override
        public ObjectNode whole(Header h, String text, String finishReason) {
            return chunk(h, text, finishReason);
        }

        @Override
        public ObjectNode first(Header h) {
            return null;
        }

        @Override
        public ObjectNode chunk(Header h, String text, String finishReason) {
            ObjectNode root = h.object("text_completion");
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("text", text);
            choice.put("index", 0);
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReason);
            return root;
        }

        @Override
        public ObjectNode usageChunk(Header h) {
            ObjectNode root = h.object("text_completion");
            root.putArray("choices");
            return root;
        }
    };

    /**
     * What every object of one answer repeats.
     *
     * @param id the answer's id
     * @param created seconds since the epoch
     * @param model the model's id
     */
    record Header(String id, long created, String model) {
        ObjectNode object(String kind) {
            ObjectNode o = Json.object();
            o.put("id", id);
            o.put("object", kind);
            o.put("created", created);
            o.put("model", model);
            return o;
        }
    }

    /** @return the prefix of answer ids */
    String idPrefix();

    /**
     * @param h the header
     * @param text the generated text
     * @param finishReason OpenAI's finish reason
     * @return the whole answer, without usage
     */
    ObjectNode whole(Header h, String text, String finishReason);

    /**
     * @param h the header
     * @return the chunk a stream opens with, or null
     */
    ObjectNode first(Header h);

    /**
     * @param h the header
     * @param text new text, or empty with a finish reason
     * @param finishReason null while generating; the finish reason in the last chunk
     * @return a chunk
     */
    ObjectNode chunk(Header h, String text, String finishReason);

    /**
     * @param h the header
     * @return the chunk that carries the usage: no choices
     */
    ObjectNode usageChunk(Header h);

    /**
     * @param reason why a generation ended
     * @return OpenAI's name for it
     */
    static String finishReason(FinishReason reason) {
        return switch (reason) {
            case STOP -> "stop";
            case LENGTH -> "length";
            case CANCELLED -> "cancelled";
        };
    }

    /**
     * @param promptTokens tokens of the prompt
     * @param completionTokens tokens generated
     * @return OpenAI's usage object
     */
    static ObjectNode usage(int promptTokens, int completionTokens) {
        ObjectNode u = Json.object();
        u.put("prompt_tokens", promptTokens);
        u.put("completion_tokens", completionTokens);
        u.put("total_tokens", promptTokens + completionTokens);
        return u;
    }
}
