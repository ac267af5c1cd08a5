package bitnet.server.http;

import java.io.IOException;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.api.inference.ChatMessage;
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
        ObjectNode body = body(request);
        Served served = acquire();
        try {
            checkModel(body, served);
            List<ChatMessage> messages = ChatMessages.parse(body, "messages");
            int[] prompt;
            try {
                prompt = served.model().encodeChat(messages, true);
            } catch (InferenceException e) {
                throw ApiError.badRequest("The chat template cannot render these messages: " + e.getMessage(),
                        "messages");
            }
            SamplingRequest sampling = SamplingRequest.parse(body, prompt.length, served.capacity(), "messages");
            new GenerationRun(served, metrics, ResponseFormat.CHAT, "messages",
                    host.settings().requestTimeoutSeconds()).run(response, prompt, sampling);
        } finally {
            served.release();
        }
    }
}
