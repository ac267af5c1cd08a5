package bitnet.api.inference;

import java.util.Objects;

/**
 * One message of a conversation.
 *
 * @param role {@code "system"}, {@code "user"} or {@code "assistant"} (templates may know others)
 * @param content the text
 */
public record ChatMessage(String role, String content) {
    /** @throws NullPointerException if a component is null */
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /**
     * @param content text
     * @return a system message
     */
    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    /**
     * @param content text
     * @return a user message
     */
    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    /**
     * @param content text
     * @return an assistant message
     */
    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }
}
