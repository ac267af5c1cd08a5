package bitnet.benchmarks.serving;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code ./bitnet bench serving URL [name=value ...]} was asked to do.
 *
 * @param base the server, e.g. {@code http://127.0.0.1:8080} (a trailing {@code /v1} is dropped)
 * @param clients concurrent clients under load
 * @param seconds how long clients start new requests
 * @param maxTokens {@code max_tokens} of each load request (with {@code ignore_eos}, exactly this many are generated)
 * @param prompts how many of the fixed prompts are used
 * @param seeds seeds per prompt; the distinct (prompt, seed) pairs are {@code prompts * seeds}
 * @param temperature sampling temperature (above 0: seeded sampling, not greedy)
 * @param single requests run one at a time for the single-stream rate
 * @param chats conversations for the prefix-cache probe (0: skip it)
 * @param apiKey the key sent as {@code Authorization: Bearer}, or null
 * @param out where the report is written as JSON, or null
 */
record LoadOptions(URI base, int clients, int seconds, int maxTokens, int prompts, int seeds, double temperature,
        int single, int chats, String apiKey, Path out) {
    static final String USAGE = "usage: ./bitnet bench serving URL [clients=16] [seconds=60] [max_tokens=32] "
            + "[prompts=8] [seeds=2] [temperature=0.8] [single=4] [chats=3] [api_key=KEY] [out=FILE.json]";
    private static final List<String> NAMES = List.of("clients", "seconds", "max_tokens", "prompts", "seeds",
            "temperature", "single", "chats", "api_key", "out");

    /**
     * @param args the URL, then {@code name=value} options
     * @return the options, defaults where not given
     * @throws IllegalArgumentException naming what is wrong (the message is for the user)
     */
    static LoadOptions parse(String... args) {
        if (args.length == 0 || !args[0].matches("https?://.+")) {
            throw new IllegalArgumentException("the first argument is the server's URL, e.g. http://127.0.0.1:8080");
        }
        String url = args[0].replaceAll("/+$", "").replaceAll("/v1$", "");
        int clients = 16;
        int seconds = 60;
        int maxTokens = 32;
        int prompts = 8;
        int seeds = 2;
        double temperature = 0.8;
        int single = 4;
        int chats = 3;
        String apiKey = null;
        Path out = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            int eq = a.indexOf('=');
            String name = eq < 0 ? a : a.substring(0, eq);
            if (eq < 0 || !NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + a + "'; options are name=value with name one of "
                        + String.join(", ", NAMES));
            }
            String value = a.substring(eq + 1);
            switch (name) {
                case "clients" -> clients = integer(name, value, 1, 1024);
                case "seconds" -> seconds = integer(name, value, 1, 86_400);
                case "max_tokens" -> maxTokens = integer(name, value, 1, 1_000_000);
                case "prompts" -> prompts = integer(name, value, 1, PromptSet.PROMPTS.size());
                case "seeds" -> seeds = integer(name, value, 1, 1000);
                case "temperature" -> temperature = decimal(name, value);
                case "single" -> single = integer(name, value, 1, 1000);
                case "chats" -> chats = integer(name, value, 0, 100);
                case "api_key" -> apiKey = value;
                default -> out = Path.of(value);
            }
        }
        return new LoadOptions(URI.create(url), clients, seconds, maxTokens, prompts, seeds, temperature, single,
                chats, apiKey, out);
    }

    private static int integer(String name, String value, int min, int max) {
        int v;
        try {
            v = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    private static double decimal(String name, String value) {
        double v;
        try {
            v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got '" + value + "'");
        }
        if (!(v > 0 && v <= 2)) {
            throw new IllegalArgumentException(name + " must be above 0 (seeded sampling) and at most 2, got " + v);
        }
        return v;
    }
}
