package bitnet.server.http;

import java.io.IOException;

import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.server.ModelHost;
import bitnet.server.Served;
import bitnet.server.ServerSettings;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What every endpoint shares: one HTTP method (another gets 405), errors answered as OpenAI error objects, the body
 * read with the configured size limit, the served model taken and given back.
 */
public abstract class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The served model and the settings in force. */
    protected final transient ModelHost host;
    private final String method;

    /**
     * @param host the served model
     * @param method the HTTP method the endpoint takes, or null for any
     */
    protected ApiServlet(ModelHost host, String method) {
        this.host = host;
        this.method = method;
    }

    @Override
    protected final void service(HttpServletRequest request, HttpServletResponse response) {
        try {
            if (method != null && !method.equals(request.getMethod())) {
                response.setHeader("Allow", method);
                throw ApiError.methodNotAllowed(request.getMethod(), method);
            }
            handle(request, response);
        } catch (ApiError e) {
            answer(response, e);
        } catch (IOException e) {
            // A write failed: the client went away or stopped reading past the idle timeout. Nobody is left to
            // answer, and it is no fault of the server's (Jetty would log it as one and answer 500).
        }
    }

    private static void answer(HttpServletResponse response, ApiError e) {
        if (response.isCommitted()) {
            return;
        }
        if (e.closesConnection()) {
            response.setHeader("Connection", "close");
        }
        try {
            Json.writeError(response, e);
        } catch (IOException gone) {
            // the client went away before its answer; the status set stays counted
        }
    }

    /**
     * Answers one request.
     *
     * @param request the request, with the endpoint's method
     * @param response the response
     * @throws ApiError to answer with an error (if nothing was written yet)
     * @throws IOException if the client went away
     */
    protected abstract void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;

    /**
     * @param request a request
     * @return its JSON object body
     * @throws ApiError 413 past the size limit, 408 if it stops arriving, 400 if it ends early or is not a JSON
     *     object
     */
    protected ObjectNode body(HttpServletRequest request) {
        ServerSettings s = host.settings();
        return RequestBody.read(request, s.maxRequestBytes(), s.idleTimeoutSeconds());
    }

    /**
     * @return the served model, to give back with {@link Served#release()}
     * @throws ApiError 503 while nothing is served
     */
    protected Served acquire() {
        try {
            return host.acquire();
        } catch (IllegalStateException e) {
            throw ApiError.unavailable(e.getMessage());
        }
    }

    /**
     * @param model the model the request names, or null
     * @param served the served model
     * @throws ApiError 404 if the request names another model
     */
    protected static void checkModel(String model, Served served) {
        if (model != null && !model.equals(served.name())) {
            throw ApiError.unknownModel(model, served.name());
        }
    }

    /**
     * @param ids token ids
     * @param vocabSize the vocabulary's size
     * @param field the request field holding them
     * @throws ApiError 400 naming the first id outside the vocabulary
     */
    protected static void checkIds(int[] ids, int vocabSize, String field) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocabSize) {
                throw ApiError.badRequest("Token id " + ids[i] + " at position " + i + " is outside the vocabulary "
                        + "(0 to " + (vocabSize - 1) + ").", field, "invalid_value");
            }
        }
    }
}
