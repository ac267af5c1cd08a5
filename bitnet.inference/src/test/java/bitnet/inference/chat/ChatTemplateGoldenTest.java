package bitnet.inference.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import bitnet.api.inference.ChatMessage;
import bitnet.api.inference.InferenceException;

/**
 * Every case of chat-templates/goldens.json, written by src/test/python/render_chat_goldens.py with Python's Jinja2
 * set up as transformers sets it up, must render to the same string (or fail with the same raise_exception message).
 */
class ChatTemplateGoldenTest {
    private static final JsonNode GOLDENS = load();
    private static final Map<String, ChatTemplate> TEMPLATES = new HashMap<>();

    private static JsonNode load() {
        try (InputStream in = ChatTemplateGoldenTest.class.getResourceAsStream("/chat-templates/goldens.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : GOLDENS.get("cases")) {
            out.add(Arguments.of(c.get("template").asText(), c.get("conversation").asText(),
                    c.get("add_generation_prompt").asBoolean(), c));
        }
        return out.stream();
    }

    private static ChatTemplate template(String name) {
        return TEMPLATES.computeIfAbsent(name, n -> new ChatTemplate(GOLDENS.get("templates").get(n).asText(),
                Clock.fixed(LocalDateTime.parse(GOLDENS.get("now").asText()).toInstant(ZoneOffset.UTC),
                        ZoneOffset.UTC)));
    }

    private static List<ChatMessage> conversation(String name) {
        List<ChatMessage> out = new ArrayList<>();
        for (JsonNode m : GOLDENS.get("conversations").get(name)) {
            out.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} / {1} / generation prompt {2}")
    @MethodSource("cases")
    void rendersAsJinja2Does(String template, String conversation, boolean addGenerationPrompt, JsonNode golden) {
        ChatTemplate t = template(template);
        List<ChatMessage> messages = conversation(conversation);
        String bos = GOLDENS.get("bos_token").asText();
        String eos = GOLDENS.get("eos_token").asText();
        if (golden.has("error")) {
            InferenceException e = assertThrows(InferenceException.class,
                    () -> t.render(messages, addGenerationPrompt, bos, eos));
            assertEquals(golden.get("error").asText(), e.getMessage());
        } else {
            assertEquals(golden.get("rendered").asText(), t.render(messages, addGenerationPrompt, bos, eos));
        }
    }

    static Stream<Arguments> snippets() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : GOLDENS.get("snippets")) {
            out.add(Arguments.of(c.get("template").asText(), c.get("rendered").asText()));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snippets")
    void snippetsRenderAsJinja2Does(String template, String rendered) {
        Map<String, Object> variables = new HashMap<>();
        GOLDENS.get("variables").properties().forEach(e -> variables.put(e.getKey(), e.getValue().asText()));
        assertEquals(rendered, new ChatTemplate(template).render(List.of(), false, variables));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void goldensCoverEveryTemplate(String template, String conversation, boolean addGenerationPrompt, JsonNode golden) {
        assertTrue(GOLDENS.get("templates").has(template));
        assertTrue(GOLDENS.get("conversations").has(conversation));
    }
}
