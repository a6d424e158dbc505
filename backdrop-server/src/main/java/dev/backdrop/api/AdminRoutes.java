package dev.backdrop.api;

import dev.backdrop.request.InvalidRequestException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backdrop.accounts.AccessTokens;
import dev.backdrop.accounts.ApiKey;
import dev.backdrop.accounts.ApiKeys;
import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.accounts.InvalidAccessTokenException;
import dev.backdrop.accounts.IssuedKey;
import dev.backdrop.accounts.KeySummary;
import dev.backdrop.accounts.LedgerEntry;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's API under {@code /admin/v1}, behind the admin token ({@code Authorization:
 * Bearer ...}): create, page through and disable keys, add and read credits, and page through a
 * key's ledger, newest first. Keys are named as {@code backdrop keys} names them: the key, its id or
 * its displayed prefix.
 */
public final class AdminRoutes implements ApiServer.Routes {

    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 500;

    private final AccessTokens tokens;
    private final ApiKeys keys;
    private final CreditLedger ledger;
    private final ObjectMapper json;

    public AdminRoutes(AccessTokens tokens, ApiKeys keys, CreditLedger ledger, ObjectMapper json) {
        this.tokens = tokens;
        this.keys = keys;
        this.ledger = ledger;
        this.json = json;
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.before("/admin/*", ctx -> requireAdmin(tokens, ctx));
        config.routes.post("/admin/v1/keys", this::create);
        config.routes.get("/admin/v1/keys", this::keysPage);
        config.routes.post("/admin/v1/keys/{key}/disable", ctx -> ctx.json(key(keys.revoke(ctx.pathParam("key")))));
        config.routes.get("/admin/v1/keys/{key}/credits", ctx -> {
            ApiKey key = keys.find(ctx.pathParam("key"));
            ctx.json(Map.of("key", key.display(), "credits", ledger.balance(key.accountId())));
        });
        config.routes.post("/admin/v1/keys/{key}/credits", this::addCredits);
        config.routes.get("/admin/v1/keys/{key}/ledger", this::ledgerPage);
    }

    /** The bearer token of {@code ctx}, checked against the admin token. */
    static void requireAdmin(AccessTokens tokens, Context ctx) {
        if (!tokens.isAdmin(bearer(ctx))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new InvalidAccessTokenException("the admin API needs the admin token: send Authorization: Bearer"
                    + " <token> (BACKDROP_ADMIN_TOKEN, or the admin-token file in the server's data folder)");
        }
    }

    static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
    }

    private void create(Context ctx) {
        JsonFields fields = JsonFields.parse(json, ctx.bodyAsBytes());
        if (!fields.isPresent("credits")) {
            throw new InvalidRequestException("credits", "credits is required: the key's starting credits (0 or more)");
        }
        long credits = fields.integer("credits", 0, Long.MAX_VALUE / 4, 0);
        String name = fields.optionalString("name", "api key");
        IssuedKey issued = keys.create(name, credits);
        Map<String, Object> body = key(issued.key());
        body.put("api_key", issued.plainKey());
        body.put("credits", issued.credits());
        body.put("webhook_secret", issued.key().webhookSecret());
        ctx.status(201).json(body);
    }

    private void addCredits(Context ctx) {
        JsonFields fields = JsonFields.parse(json, ctx.bodyAsBytes());
        if (!fields.isPresent("amount")) {
            throw new InvalidRequestException("amount", "amount is required: the credits to add (1 or more)");
        }
        long amount = fields.integer("amount", 1, Long.MAX_VALUE / 4, 0);
        LedgerEntry entry = keys.credit(ctx.pathParam("key"), amount);
        ctx.json(Map.of("credits", entry.balanceAfter(), "entry", entry(entry)));
    }

    /** Keys oldest first, a page at a time: {@code next_after} names where the next page starts, null on the last. */
    private void keysPage(Context ctx) {
        int limit = (int) queryLong(ctx, "limit", 1, MAX_PAGE, DEFAULT_PAGE);
        long after = queryLong(ctx, "after", 0, Long.MAX_VALUE, 0);
        // One key more than asked for says whether another page exists, so the last page never points at an empty one.
        List<KeySummary> found = keys.page(after, limit + 1);
        List<KeySummary> page = found.subList(0, Math.min(limit, found.size()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("keys", page.stream().map(AdminRoutes::summary).toList());
        body.put("next_after", found.size() > limit ? page.get(page.size() - 1).key().id() : null);
        ctx.json(body);
    }

    private void ledgerPage(Context ctx) {
        ApiKey key = keys.find(ctx.pathParam("key"));
        int limit = (int) queryLong(ctx, "limit", 1, MAX_PAGE, DEFAULT_PAGE);
        long before = queryLong(ctx, "before", 1, Long.MAX_VALUE, Long.MAX_VALUE);
        List<LedgerEntry> page = ledger.entries(key.accountId(), before, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key.display());
        body.put("entries", page.stream().map(AdminRoutes::entry).toList());
        body.put("next_before", page.size() == limit ? page.get(page.size() - 1).id() : null);
        ctx.json(body);
    }

    private static long queryLong(Context ctx, String name, long min, long max, long fallback) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed < min || parsed > max) {
                throw new InvalidRequestException(name, name + " must be between " + min + " and " + max + ", got " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name, name + " must be a whole number, got '" + value + "'");
        }
    }

    private static Map<String, Object> summary(KeySummary s) {
        Map<String, Object> body = key(s.key());
        body.put("account", s.accountName());
        body.put("credits", s.credits());
        return body;
    }

    private static Map<String, Object> key(ApiKey key) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", key.id());
        body.put("key", key.display());
        body.put("name", key.name());
        body.put("created_at", key.createdAt().toString());
        body.put("disabled", key.revoked());
        body.put("disabled_at", key.revokedSince().map(Object::toString).orElse(null));
        return body;
    }

    private static Map<String, Object> entry(LedgerEntry e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", e.id());
        body.put("delta", e.delta());
        body.put("balance_after", e.balanceAfter());
        body.put("reason", e.reason().name().toLowerCase());
        body.put("reference", e.reference());
        body.put("refund_of", e.refundOf() == 0 ? null : e.refundOf());
        body.put("created_at", e.createdAt().toString());
        return body;
    }
}
