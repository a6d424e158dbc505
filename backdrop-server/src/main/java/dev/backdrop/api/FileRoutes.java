package dev.backdrop.api;

import dev.backdrop.storage.FileResponder;
import dev.backdrop.storage.FileResponse;
import io.javalin.config.JavalinConfig;

/** {@code GET /files/<key>}: stored results, with content type, ETag and long-lived caching. */
public final class FileRoutes implements ApiServer.Routes {

    private final FileResponder responder;

    public FileRoutes(FileResponder responder) {
        this.responder = responder;
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/files/<key>", ctx -> {
            FileResponse r = responder.respond(ctx.pathParam("key"), ctx.header("If-None-Match"),
                    ctx.header("If-Modified-Since"));
            ctx.status(r.status());
            r.headers().forEach(ctx::header);
            if (r.body() != null) {
                ctx.result(r.body());
            }
        });
    }
}
