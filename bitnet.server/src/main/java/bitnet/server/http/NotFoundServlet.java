package bitnet.server.http;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import bitnet.server.ModelHost;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Every path no endpoint serves: 404 as an OpenAI error object. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/")
public final class NotFoundServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    /** @param host the served model */
    @Activate
    public NotFoundServlet(@Reference ModelHost host) {
        super(host, null);
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        throw ApiError.notFound("No endpoint " + request.getMethod() + " " + request.getRequestURI() + "; this server "
                + "has /v1/chat/completions, /v1/completions, /v1/models, /tokenize, /detokenize, /health and "
                + "/metrics.");
    }
}
