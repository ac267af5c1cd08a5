package bitnet.inference.chat;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.tree.Node;

import bitnet.api.inference.ChatMessage;
import bitnet.api.inference.InferenceException;

/**
 * A Hugging Face {@code chat_template}, parsed once and rendered as transformers' {@code apply_chat_template} renders
 * it with Jinja2: {@code trim_blocks} and {@code lstrip_blocks}, Python operator precedence, {@code messages} as a
 * list of {@code {"role", "content"}} maps, {@code add_generation_prompt}, the special tokens, {@code tools} and
 * {@code documents} as none, and the globals {@code raise_exception(message)} and {@code strftime_now(format)}.
 * The filters {@code trim}, {@code capitalize} and {@code tojson} behave as in Python.
 *
 * <p>Stricter than Jinja2 where Jinjava would otherwise render nothing: an unknown filter, test or function fails the
 * render, and loop filters ({@code {% for x in xs if c %}}) fail at compile time. Templates cannot include or import
 * other templates. Known differences from Jinja2 that remain: {@code none} prints as nothing (Jinjava does not tell it
 * from undefined) and a variable holding none is not {@code defined}; lists and dicts print with {@code null} and
 * {@code true} inside; strings cannot be indexed from the end ({@code s[-1]}); {@code 'a' * 2} and {@code '%s' % x}
 * fail. Thread-safe.
 */
public final class ChatTemplate {
    private static final Set<String> FILE_TAGS = Set.of("include", "import", "from", "extends");

    private final String source;
    private final Clock clock;
    private final Node root;

    /**
     * @param source the template text, e.g. tokenizer_config.json's {@code chat_template}
     * @throws InferenceException if it does not parse (the message gives the line and the problem)
     */
    public ChatTemplate(String source) {
        this(source, Clock.systemDefaultZone());
    }

    /**
     * @param source the template text
     * @param clock the time {@code strftime_now} formats (its zone's local time)
     * @throws InferenceException if the template does not parse
     */
    public ChatTemplate(String source, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        Engine engine = Engine.get();
        JinjavaInterpreter parser = new JinjavaInterpreter(engine.jinjava, new Context(engine.jinjava
                .getGlobalContext(), Map.of(), engine.config.getDisabled()), engine.config);
        String jinja = Jinja2Whitespace.apply(source);
        JinjavaInterpreter.pushCurrent(parser);
        ClassLoader caller = engine.enter();
        try {
            this.root = parser.parse(jinja);
        } finally {
            Thread.currentThread().setContextClassLoader(caller);
            JinjavaInterpreter.popCurrent();
        }
        failOnErrors(parser.getErrors(), "does not parse");
    }

    /** @return the template text */
    public String source() {
        return source;
    }

    /**
     * Renders with {@code bos_token} and {@code eos_token} set.
     *
     * @param messages the conversation
     * @param addGenerationPrompt whether to end with the opening of an assistant turn
     * @param bosToken the beginning-of-text token string
     * @param eosToken the end-of-text (or end-of-turn) token string
     * @return the prompt text
     * @throws InferenceException with the template's message if it calls {@code raise_exception}, or naming the problem
     *     if it uses an unknown filter, test or function or fails otherwise
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, String bosToken, String eosToken) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("bos_token", bosToken);
        variables.put("eos_token", eosToken);
        return render(messages, addGenerationPrompt, variables);
    }

    /**
     * @param messages the conversation
     * @param addGenerationPrompt whether to end with the opening of an assistant turn
     * @param variables further template variables (special tokens such as {@code bos_token}, ...); they may not
     *     replace {@code messages} or {@code add_generation_prompt}
     * @return the prompt text
     * @throws InferenceException as {@link #render(List, boolean, String, String)} does
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, ?> variables) {
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("tools", null);
        bindings.put("documents", null);
        bindings.putAll(variables);
        bindings.put("messages", asMaps(messages));
        bindings.put("add_generation_prompt", addGenerationPrompt);
        Engine engine = Engine.get();
        JinjavaInterpreter interpreter = new PythonOutput(engine.jinjava,
                new StrictContext(engine.jinjava.getGlobalContext(), bindings, engine.config.getDisabled()),
                engine.config);
        String out;
        synchronized (this) {
            // The parsed tree is shared between renders; Jinjava does not promise that rendering leaves it untouched.
            JinjavaInterpreter.pushCurrent(interpreter);
            TemplateFunctions.CLOCK.set(clock);
            ClassLoader caller = engine.enter();
            try {
                out = interpreter.render(root);
            } catch (InterpretException e) {
                throw new InferenceException("chat template failed: " + e.getMessage());
            } finally {
                Thread.currentThread().setContextClassLoader(caller);
                TemplateFunctions.CLOCK.remove();
                JinjavaInterpreter.popCurrent();
            }
        }
        failOnErrors(interpreter.getErrors(), "failed");
        return out;
    }

    private static List<Map<String, Object>> asMaps(List<ChatMessage> messages) {
        List<Map<String, Object>> out = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", m.role());
            map.put("content", m.content());
            out.add(Collections.unmodifiableMap(map));
        }
        return Collections.unmodifiableList(out);
    }

    private static void failOnErrors(List<TemplateError> errors, String what) {
        for (TemplateError e : errors) {
            if (e.getSeverity() != TemplateError.ErrorType.FATAL) {
                continue;
            }
            for (Throwable t = e.getException(); t != null; t = t.getCause()) {
                if (t instanceof TemplateFunctions.Raised raised) {
                    throw new InferenceException(raised.getMessage());
                }
                if (t instanceof InferenceException inference) {
                    throw new InferenceException("chat template " + what + where(e) + ": " + inference.getMessage());
                }
                if (t.getCause() == t) {
                    break;
                }
            }
            throw new InferenceException("chat template " + what + where(e) + ": " + e.getMessage());
        }
    }

    private static String where(TemplateError e) {
        return e.getLineno() > 0 ? " at line " + e.getLineno() : "";
    }

    /**
     * Prints values as Python's {@code str()} does where Jinjava differs: strings exactly as they are (Jinjava's Pyish
     * printer escapes control characters), booleans as {@code True} / {@code False}, floats in Python's spelling.
     * None and undefined both print as nothing (Jinjava does not tell them apart; undefined is the common case).
     */
    private static final class PythonOutput extends JinjavaInterpreter {
        PythonOutput(Jinjava jinjava, Context context, JinjavaConfig config) {
            super(jinjava, context, config);
        }

        @Override
        public String getAsString(Object value) {
            if (value instanceof String s) {
                return s;
            }
            if (value instanceof Boolean b) {
                return b ? "True" : "False";
            }
            if (value instanceof Double || value instanceof Float) {
                return PythonJson.pythonFloat(((Number) value).doubleValue());
            }
            return super.getAsString(value);
        }
    }

    /** Fails on filters and tests Jinjava does not know instead of rendering nothing. */
    private static final class StrictContext extends Context {
        StrictContext(Context parent, Map<String, ?> bindings, Map<Library, Set<String>> disabled) {
            super(parent, bindings, disabled);
        }

        @Override
        public Filter getFilter(String name) {
            Filter f = super.getFilter(name);
            if (f == null) {
                throw new InferenceException("unknown filter '" + name + "'");
            }
            return f;
        }

        @Override
        public ExpTest getExpTest(String name) {
            ExpTest t = super.getExpTest(name);
            if (t == null) {
                throw new InferenceException("unknown test '" + name + "'");
            }
            return t;
        }
    }

    /**
     * One Jinjava for every template: building it registers a few hundred filters, tests, tags and functions.
     * Jinjava's expression factory loads its classes by name through the thread's context class loader, which in
     * OSGi is not this bundle's: every call into Jinjava runs with this bundle's loader as the context loader.
     */
    private static final class Engine {
        private static volatile Engine instance;

        final JinjavaConfig config;
        final Jinjava jinjava;

        static Engine get() {
            Engine e = instance;
            if (e == null) {
                synchronized (Engine.class) {
                    e = instance;
                    if (e == null) {
                        ClassLoader caller = Thread.currentThread().getContextClassLoader();
                        Thread.currentThread().setContextClassLoader(Engine.class.getClassLoader());
                        try {
                            e = new Engine();
                        } finally {
                            Thread.currentThread().setContextClassLoader(caller);
                        }
                        instance = e;
                    }
                }
            }
            return e;
        }

        /** @return the caller's context class loader, to restore; this bundle's is set */
        ClassLoader enter() {
            ClassLoader caller = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(Engine.class.getClassLoader());
            return caller;
        }

        private Engine() {
            LegacyOverrides python = LegacyOverrides.newBuilder()
                    .withEvaluateMapKeys(true)
                    .withIterateOverMapKeys(true)
                    .withUsePyishObjectMapper(true)
                    .withWhitespaceRequiredWithinTokens(false)
                    .withUseNaturalOperatorPrecedence(true)
                    .withParseWhitespaceControlStrictly(true)
                    .withUseTrimmingForNotesAndExpressions(true)
                    .withKeepNullableLoopValues(true)
                    .build();
            config = JinjavaConfig.newBuilder()
                    // Jinja2Whitespace applies trim_blocks, lstrip_blocks and {%- -%} to the source instead.
                    .withTrimBlocks(false)
                    .withLstripBlocks(false)
                    .withLegacyOverrides(python)
                    .withReadOnlyResolver(true)
                    .withDisabled(Map.of(Context.Library.TAG, FILE_TAGS,
                            // These need libraries the bundle does not embed (commons-net, re2j, big-math).
                            Context.Library.FILTER, Set.of("ipaddr", "ipv4", "ipv6", "regex_replace", "root", "log")))
                    .build();
            jinjava = new Jinjava(config);
            jinjava.setResourceLocator((name, charset, interpreter) -> {
                throw new IOException("chat templates cannot read other templates or files ('" + name + "')");
            });
            Context global = jinjava.getGlobalContext();
            for (Filter f : PythonFilters.all()) {
                global.registerFilter(f);
            }
            global.registerFunction(new ELFunctionDefinition("", "raise_exception", TemplateFunctions.class,
                    "raiseException", String.class));
            global.registerFunction(new ELFunctionDefinition("", "strftime_now", TemplateFunctions.class,
                    "strftimeNow", String.class));
        }
    }
}
