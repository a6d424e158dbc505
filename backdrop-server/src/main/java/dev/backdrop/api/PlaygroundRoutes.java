package dev.backdrop.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web playground: {@code GET /} and its assets under {@code /playground/}, read once from the
 * jar's {@code playground/} resources. Only the files listed here are served, so no request path
 * ever reaches the class path. The page loads nothing from elsewhere, and its Content Security
 * Policy holds it to that: scripts, styles and API calls come from this server only.
 */
public final class PlaygroundRoutes implements ApiServer.Routes {

    /** Images may also come from URLs the user pastes; everything else is this origin only. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob: http: https:; connect-src 'self'; form-action 'none'; "
            + "base-uri 'none'; frame-ancestors 'none'";

    private record Asset(byte[] bytes, String contentType) {
    }

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "playground.css", "text/css; charset=utf-8",
            "playground.js", "text/javascript; charset=utf-8",
            "zip.js", "text/javascript; charset=utf-8",
            "icon.svg", "image/svg+xml");

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    public PlaygroundRoutes() {
        FILES.forEach((name, type) -> assets.put(name, new Asset(read(name), type)));
    }

    private static byte[] read(String name) {
        try (InputStream in = PlaygroundRoutes.class.getResourceAsStream("/playground/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the playground file " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the playground file " + name, e);
        }
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/", ctx -> send(ctx, "index.html"));
        config.routes.get("/playground/{file}", ctx -> send(ctx, ctx.pathParam("file")));
    }

    private void send(Context ctx, String name) {
        Asset asset = assets.get(name);
        if (asset == null) {
            throw new NotFoundException("no playground file " + name);
        }
        // Revalidated on every load so a new server version never meets a stale script.
        ctx.header("Cache-Control", "no-cache");
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.contentType(asset.contentType()).result(asset.bytes());
    }
}
