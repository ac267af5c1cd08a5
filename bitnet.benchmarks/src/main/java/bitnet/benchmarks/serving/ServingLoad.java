package bitnet.benchmarks.serving;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * A bounded load test of a running {@code ./bitnet serve}: N concurrent clients for D seconds of seeded, streamed chat
 * completions, every answer compared with the one the same request got alone; aggregate tokens per second against a
 * single stream, time to first token and per token, errors, wrong outputs, and the server's pool and sessions after.
 *
 * <pre>
 * ./bitnet bench serving http://127.0.0.1:8080 clients=16 seconds=60 max_tokens=32 [out=report.json]
 * </pre>
 *
 * Exit status: 0 when every check passed, 1 when one failed (an error, a wrong output, sessions left running, pool
 * bytes not back), 2 when the test could not run (bad arguments, server unreachable, a reference request failed).
 */
public final class ServingLoad {
    private ServingLoad() {
    }

    /**
     * @param args the server's URL, then {@code name=value} options ({@link LoadOptions#USAGE})
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * @param args as {@link #main}
     * @return the exit status
     */
    static int run(String... args) {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench serving: " + e.getMessage());
            System.err.println(LoadOptions.USAGE);
            return 2;
        }
        LoadReport report;
        try {
            report = new LoadRun(options, System.err).run();
        } catch (IOException | RuntimeException e) {
            System.err.println("bench serving: " + e.getMessage());
            return 2;
        }
        report.print(System.out);
        if (options.out() != null) {
            try {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(options.out().toFile(), report);
            } catch (IOException e) {
                System.err.println("bench serving: cannot write " + options.out() + ": " + e.getMessage());
                return 2;
            }
        }
        return report.passed() ? 0 : 1;
    }
}
