package bitnet.server.http;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.api.inference.ChatMessage;

/**
 * Reads OpenAI's {@code messages}: objects with a {@code role} (system, developer, user, assistant) and a
 * {@code content} that is a string or an array of text parts ({@code {"type": "text", "text": ...}}).
 */
public final class ChatMessages {
    private ChatMessages() {
    }

    /**
     * @param body the request
     * @param field the messages' field
     * @return the conversation; a developer message becomes a system message
     * @throws ApiError 400 naming the message and field at fault
     */
    public static List<ChatMessage> parse(ObjectNode body, String field) {
        JsonNode messages = body.get(field);
        if (messages == null || messages.isNull()) {
            throw ApiError.badRequest("'" + field + "' is required: an array of messages.", field, "missing");
        }
        if (!messages.isArray()) {
            throw Fields.wrongType(field, "an array", messages);
        }
        if (messages.isEmpty()) {
            throw ApiError.badRequest("'" + field + "' must hold at least one message.", field, "invalid_value");
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            String at = field + "[" + i + "]";
            if (!(messages.get(i) instanceof ObjectNode m)) {
                throw Fields.wrongType(at, "an object", messages.get(i));
            }
            String role = Fields.string(m, "role", null);
            if (role == null) {
                throw ApiError.badRequest("'" + at + ".role' is required.", at + ".role", "missing");
            }
            role = switch (role) {
                case "system", "user", "assistant" -> role;
                case "developer" -> "system";
                default -> throw ApiError.badRequest("'" + at + ".role' must be system, developer, user or "
                        + "assistant, not '" + role + "'.", at + ".role", "invalid_value");
            };
            out.add(new ChatMessage(role, content(m.get("content"), role, at + ".content")));
        }
        return out;
    }

    private static String content(JsonNode content, String role, String at) {
        if (content == null || content.isNull()) {
            if (role.equals("assistant")) {
                return "";
            }
            throw ApiError.badRequest("'" + at + "' is required.", at, "missing");
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            throw Fields.wrongType(at, "a string or an array of text parts", content);
        }
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            String partAt = at + "[" + j + "]";
            if (!(content.get(j) instanceof ObjectNode part)) {
                throw Fields.wrongType(partAt, "an object", content.get(j));
            }
            String type = Fields.string(part, "type", null);
            if (!"text".equals(type)) {
                throw ApiError.badRequest("Only text parts are supported; '" + partAt + ".type' is "
                        + (type == null ? "missing" : "'" + type + "'") + ".", partAt + ".type", "invalid_value");
            }
            String text = Fields.string(part, "text", null);
            if (text == null) {
                throw ApiError.badRequest("'" + partAt + ".text' is required.", partAt + ".text", "missing");
            }
            sb.append(text);
        }
        return sb.toString();
    }
}
