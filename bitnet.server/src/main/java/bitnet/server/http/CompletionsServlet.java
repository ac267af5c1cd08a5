package bitnet.server.http;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import bitnet.server.ModelHost;
import bitnet.server.ServerMetrics;
import bitnet.server.Served;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /v1/completions}: a prompt as text (encoded with one BOS) or as token ids (taken as they are), then
 * generated as a whole {@code text_completion} or streamed ones. One prompt per request.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/v1/completions")
public final class CompletionsServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient ServerMetrics metrics;

    /**
     * @param host the served model
     * @param metrics the server's metrics
     */
    @Activate
    public CompletionsServlet(@Reference ModelHost host, @Reference ServerMetrics metrics) {
        super(host, "POST");
        this.metrics = metrics;
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ApiRequests.Completion completion = ApiRequests.completion(body(request));
        Served served = acquire();
        try {
            checkModel(completion.sampling().model(), served);
            int[] prompt;
            if (completion.text() != null) {
                prompt = served.model().encodePrompt(completion.text());
            } else {
                prompt = completion.ids();
                checkIds(prompt, served.model().config().vocabSize(), "prompt");
            }
            new GenerationRun(served, metrics, ResponseFormat.COMPLETION, "prompt",
                    host.settings().requestTimeoutSeconds()).run(response, prompt, completion.sampling());
        } finally {
            served.release();
        }
    }
}
