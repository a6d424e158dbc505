package dev.backdrop.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backdrop.accounts.ApiKeys;
import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.testing.DatabaseTestBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdempotencyStoreTest extends DatabaseTestBase {

    IdempotencyStore store;
    long account;

    @BeforeEach
    void wire() {
        CreditLedger ledger = new CreditLedger(database);
        account = new ApiKeys(database, ledger).create("shop", 1).key().accountId();
        store = new IdempotencyStore(database);
    }

    private static IdempotencyKey key(String key, String path, String body) {
        return IdempotencyKey.of(key, "POST", path, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFinishedRequestIsReplayed() {
        IdempotencyKey key = key("k", "/v1/bg-replace", "{\"a\":1}");

        assertThat(store.begin(account, key)).isInstanceOf(IdempotencyOutcome.Proceed.class);
        store.finish(account, key, 200, "application/json", "{\"result\":\"x\"}");

        assertThat(store.begin(account, key))
                .isEqualTo(new IdempotencyOutcome.ReplayResponse(200, "application/json", "{\"result\":\"x\"}"));
    }

    @Test
    void aRunningRequestMakesRepeatsWait() {
        IdempotencyKey key = key("k", "/v1/bg-replace", "{}");
        store.begin(account, key);

        assertThatThrownBy(() -> store.begin(account, key))
                .isInstanceOfSatisfying(IdempotencyInProgressException.class,
                        e -> assertThat(e.code()).isEqualTo("idempotency_key_in_progress"));
    }

    @Test
    void anAbandonedRequestMayRunAgain() {
        IdempotencyKey key = key("k", "/v1/bg-replace", "{}");
        store.begin(account, key);
        store.abandon(account, key);

        assertThat(store.begin(account, key)).isInstanceOf(IdempotencyOutcome.Proceed.class);
    }

    @Test
    void aRequestThatDiedIsTakenOverAfterTheTimeout() throws Exception {
        // Long enough that two calls in a row fit in it on a loaded machine.
        IdempotencyStore impatient = new IdempotencyStore(database, Duration.ofSeconds(2));
        IdempotencyKey key = key("k", "/v1/bg-replace", "{}");
        impatient.begin(account, key);
        assertThatThrownBy(() -> impatient.begin(account, key)).isInstanceOf(IdempotencyInProgressException.class);
        Thread.sleep(2_500);

        assertThat(impatient.begin(account, key)).isInstanceOf(IdempotencyOutcome.Proceed.class);
        assertThatThrownBy(() -> impatient.begin(account, key)).isInstanceOf(IdempotencyInProgressException.class);
    }

    @Test
    void theFingerprintCoversPathAndBody() {
        store.begin(account, key("k", "/v1/bg-replace", "{}"));

        assertThatThrownBy(() -> store.begin(account, key("k", "/v1/bg-replace", "{ }")))
                .isInstanceOf(IdempotencyConflictException.class);
        assertThatThrownBy(() -> store.begin(account, key("k", "/v1/cutout", "{}")))
                .isInstanceOf(IdempotencyConflictException.class);
    }

    @Test
    void refusesMalformedKeys() {
        assertThatThrownBy(() -> key("", "/p", "{}")).isInstanceOf(InvalidIdempotencyKeyException.class);
        assertThatThrownBy(() -> key("x".repeat(256), "/p", "{}")).isInstanceOf(InvalidIdempotencyKeyException.class);
        assertThatThrownBy(() -> key("tab\tkey", "/p", "{}")).isInstanceOf(InvalidIdempotencyKeyException.class);
        assertThat(key("x".repeat(255), "/p", "{}").requestHash()).hasSize(64);
    }

    @Test
    void oldRecordsArePurged() {
        IdempotencyKey key = key("k", "/v1/bg-replace", "{}");
        store.begin(account, key);
        store.finish(account, key, 200, "application/json", "{}");

        assertThat(store.purgeCreatedBefore(Instant.now().minusSeconds(3600))).isZero();
        assertThat(store.purgeCreatedBefore(Instant.now().plusSeconds(60))).isEqualTo(1);
        assertThat(store.begin(account, key)).isInstanceOf(IdempotencyOutcome.Proceed.class);
    }
}
