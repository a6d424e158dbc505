package dev.backdrop.api;

import dev.backdrop.service.NotReadyException;
import dev.backdrop.service.OverloadedException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.BackdropException;
import dev.backdrop.InvalidInputException;
import dev.backdrop.accounts.InsufficientCreditsException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP façade: turns requests into calls on the parts given to it and results into responses.
 * Routes are added by {@link Routes} contributors; errors are rendered here, in one place.
 */
public final class ApiServer implements AutoCloseable {

    /** The most of a refused body read before answering 413; larger ones are cut off. */
    private static final long SWALLOW_LIMIT = 64L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final String REQUEST_ID = "x-request-id";

    private static final long DRAIN_MILLIS = 300_000;

    private final Javalin app;
    /** Set when stopping begins, so that new requests are refused with the API's own error. */
    private final AtomicBoolean closing;

    private ApiServer(Javalin app, AtomicBoolean closing) {
        this.app = app;
        this.closing = closing;
    }

    /** A set of routes registered on the server's configuration. */
    @FunctionalInterface
    public interface Routes {
        void register(JavalinConfig config);
    }

    /**
     * Binds the address the server will listen on; port 0 takes any free port. Bound before the
     * routes are made, so that the URLs of results can name the port, and no other process can take
     * it in between.
     *
     * @throws ListenerUnavailableException the port is in use or the host is not this machine's
     */
    public static ServerSocketChannel listen(String host, int port) {
        try {
            ServerSocketChannel channel = ServerSocketChannel.open();
            try {
                // As Jetty does: a restarted server may bind while the last one's connections linger.
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                return channel.bind(new InetSocketAddress(host, port));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            boolean inUse = e instanceof BindException && String.valueOf(e.getMessage()).contains("in use");
            throw new ListenerUnavailableException(inUse
                    ? "port " + port + " on " + host + " is already in use: stop the process using it, or choose"
                            + " another port with --port"
                    : "cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Serves {@code routes} on a channel from {@link #listen}; the server closes the channel when it stops. */
    public static ApiServer start(ServerSocketChannel listener, long maxRequestBytes, ObjectMapper json,
                                  Routes... routes) {
        AtomicBoolean closing = new AtomicBoolean();
        Javalin app = Javalin.create(config -> {
            config.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                try {
                    connector.open(listener);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return connector;
            });
            config.jetty.modifyServer(server -> {
                // Jetty counts a request as done once its answer is written, which is after every
                // handler has returned; stopping waits for that instead of cutting off a body.
                // It also answers HEAD as GET would (ServingHandler).
                server.setHandler(new ServingHandler());
                server.setStopTimeout(DRAIN_MILLIS);
            });
            config.jsonMapper(new JavalinJackson(json, false));
            config.http.maxRequestSize = maxRequestBytes;
            config.http.prefer405over404 = true;
            config.startup.showJavalinBanner = false;
            config.routes.before(ctx -> {
                ctx.header(REQUEST_ID, UUID.randomUUID().toString());
                if (closing.get()) {
                    throw new NotReadyException("the server is shutting down; retry on another instance or later");
                }
                // Refuse early on the declared length; bodies without one are capped when read.
                if (ctx.contentLength() > maxRequestBytes) {
                    swallow(ctx, ctx.contentLength());
                    // The connection is not fit to reuse after a refused body: say so, so clients open a new one.
                    ctx.header("Connection", "close");
                    throw new RequestTooLargeException(ctx.contentLength(), maxRequestBytes);
                }
            });
            configureErrors(config);
            for (Routes r : routes) {
                r.register(config);
            }
        });
        app.start();
        return new ApiServer(app, closing);
    }

    /**
     * Jetty's graceful stop, and HEAD answered by the GET route with its status and headers: Javalin
     * answers HEAD itself wherever a GET route matches, 200 with nothing, without running the route,
     * so a HEAD of a missing job said 200. Jetty leaves out the body of an answer to HEAD.
     */
    private static final class ServingHandler extends GracefulHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            Request asked = !HttpMethod.HEAD.is(request.getMethod()) ? request : new Request.Wrapper(request) {
                @Override
                public String getMethod() {
                    return HttpMethod.GET.asString();
                }
            };
            return super.handle(asked, response, callback);
        }
    }

    private static void configureErrors(JavalinConfig config) {
        config.routes.exception(BackdropException.class, (e, ctx) -> {
            int status = ErrorStatus.of(e);
            if (status >= 500) {
                LOG.error("request {} failed: {}", ctx.res().getHeader(REQUEST_ID), e.getMessage(), e);
            }
            if (e instanceof OverloadedException overloaded) {
                ctx.header("Retry-After", String.valueOf(overloaded.retryAfterSeconds()));
            }
            if (e instanceof InsufficientCreditsException credits) {
                // The balance read when the charge was refused, not the one read before it.
                ctx.header(Billing.REMAINING, String.valueOf(credits.balance()));
            }
            String field = e instanceof InvalidInputException invalid ? invalid.field() : null;
            respond(ctx, status, new ApiError(e.getMessage(), e.code(), field, requestId(ctx, status)));
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("request {} failed", ctx.res().getHeader(REQUEST_ID), e);
            respond(ctx, 500, new ApiError("the server failed to process this request; quote the request id "
                    + "when reporting it", "internal_error", null, ctx.res().getHeader(REQUEST_ID)));
        });
        config.routes.error(404, ctx -> {
            // A 404 the API answered itself keeps its error; any other (an unknown route, whatever
            // the client accepts) gets the API's error shape instead of the framework's own body.
            if (ctx.attribute(API_ERROR) == null) {
                respond(ctx, 404, new ApiError("nothing at " + ctx.method() + " " + ctx.path(), "not_found",
                        null, null));
            }
        });
        config.routes.error(405, ctx -> respond(ctx, 405, new ApiError(ctx.method() + " is not allowed on "
                + ctx.path() + "; allowed: " + ctx.res().getHeader("Allow"), "method_not_allowed", null, null)));
        config.routes.error(413, ctx -> {
            if (!isJson(ctx)) {
                respond(ctx, 413, new ApiError("the request body is too large", "request_too_large", null, null));
            }
        });
    }

    /**
     * Reads and drops a refused body (up to {@link #SWALLOW_LIMIT}): a client still sending when
     * the connection closes sees a reset, not the 413 that says what was wrong.
     */
    private static void swallow(Context ctx, long length) {
        byte[] buffer = new byte[64 * 1024];
        long left = Math.min(length, SWALLOW_LIMIT);
        try {
            java.io.InputStream in = ctx.req().getInputStream();
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
            }
        } catch (java.io.IOException e) {
            // The client gave up; the 413 goes out anyway, if it still can.
        }
    }

    private static String requestId(Context ctx, int status) {
        return status >= 500 ? ctx.res().getHeader(REQUEST_ID) : null;
    }

    /** Marks a request whose error body the API wrote itself. */
    private static final String API_ERROR = "backdrop.api-error";

    private static boolean isJson(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith("application/json");
    }

    private static void respond(Context ctx, int status, ApiError error) {
        ctx.attribute(API_ERROR, Boolean.TRUE);
        ctx.status(status).json(error);
    }

    public int port() {
        return app.port();
    }

    /**
     * Refuses new requests (503), waits for the ones being handled to be answered, body included,
     * then stops the listener: a client whose image is being processed still gets its result.
     */
    @Override
    public void close() {
        closing.set(true);
        app.stop();
    }
}
