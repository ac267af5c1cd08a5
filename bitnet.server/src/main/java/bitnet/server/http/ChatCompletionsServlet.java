package bitnet.server.http;

import java.io.IOException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import bitnet.api.inference.InferenceException;
import bitnet.server.ModelHost;
import bitnet.server.ServerMetrics;
import bitnet.server.Served;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /v1/chat/completions}: the messages rendered with the model's chat template (one BOS), then generated
 * as a whole {@code chat.completion} or streamed {@code chat.completion.chunk}s.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/v1/chat/completions")
public final class ChatCompletionsServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient ServerMetrics metrics;

    /**
     * @param host the served model
     * @param metrics the server's metrics
     */
    @Activate
    public ChatCompletionsServlet(@Reference ModelHost host, @Reference ServerMetrics metrics) {
        super(host, "POST");
        this.metrics = metrics;
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ApiRequests.Chat chat = ApiRequests.chat(body(request));
        Served served = acquire();
        try {
            checkModel(chat.sampling().model(), served);
            int[] prompt;
            try {
                prompt = served.model().encodeChat(chat.messages(), true);
            } catch (InferenceException e) {
                throw ApiError.badRequest("The chat template cannot render these messages: " + e.getMessage(),
                        "messages");
            }
            new GenerationRun(served, metrics, ResponseFormat.CHAT, "messages",
                    host.settings().requestTimeoutSeconds()).run(response, prompt, chat.sampling());
        } finally {
            served.release();
        }
    }
}
