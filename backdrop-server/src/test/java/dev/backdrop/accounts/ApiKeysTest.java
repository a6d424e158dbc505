package dev.backdrop.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.backdrop.testing.DatabaseTestBase;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiKeysTest extends DatabaseTestBase {

    CreditLedger ledger;
    ApiKeys keys;

    @BeforeEach
    void wire() {
        ledger = new CreditLedger(database);
        keys = new ApiKeys(database, ledger);
    }

    @Test
    void issuesKeysOfTheDocumentedShape() {
        IssuedKey issued = keys.create("shop", 25);

        assertThat(issued.plainKey()).matches("bd_[0-9A-Za-z]{32}");
        assertThat(issued.key().prefix()).isEqualTo(issued.plainKey().substring(0, 10));
        assertThat(issued.key().webhookSecret()).matches("whsec_[0-9A-Za-z]{32}");
        assertThat(issued.credits()).isEqualTo(25);
        assertThat(issued.toString()).doesNotContain(issued.plainKey()).doesNotContain(issued.key().webhookSecret());
        assertThat(keys.create("other", 0).plainKey()).isNotEqualTo(issued.plainKey());
    }

    @Test
    void storesOnlyTheHashAndFindsTheKeyByIt() {
        IssuedKey issued = keys.create("shop", 5);

        List<String> storedText = database.inTransaction(c -> {
            List<String> values = new ArrayList<>();
            try (ResultSet rows = c.prepareStatement("SELECT * FROM api_keys").executeQuery()) {
                while (rows.next()) {
                    for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                        values.add(String.valueOf(rows.getObject(i)));
                    }
                }
            }
            return values;
        });
        assertThat(storedText).noneMatch(v -> v.contains(issued.plainKey()));
        assertThat(storedText).contains(ApiKeys.hash(issued.plainKey()));
        assertThat(ApiKeys.hash(issued.plainKey())).hasSize(64).isLowerCase();

        Caller caller = keys.authenticate(issued.plainKey());
        assertThat(caller.key().id()).isEqualTo(issued.key().id());
        assertThat(caller.accountId()).isEqualTo(issued.key().accountId());
        assertThat(caller.credits()).isEqualTo(5);
    }

    @Test
    void refusesMissingAndUnknownKeys() {
        IssuedKey issued = keys.create("shop", 5);
        String tampered = issued.plainKey().substring(0, 34) + (issued.plainKey().endsWith("A") ? "B" : "A");

        assertThatThrownBy(() -> keys.authenticate(null)).isInstanceOf(InvalidApiKeyException.class);
        assertThatThrownBy(() -> keys.authenticate("  ")).isInstanceOf(InvalidApiKeyException.class);
        assertThatThrownBy(() -> keys.authenticate(tampered))
                .isInstanceOf(InvalidApiKeyException.class)
                .satisfies(e -> assertThat(((InvalidApiKeyException) e).code()).isEqualTo("invalid_api_key"));
        assertThatThrownBy(() -> keys.authenticate(issued.key().prefix())).isInstanceOf(InvalidApiKeyException.class);
    }

    @Test
    void revokedKeysFailLookupButOtherKeysOfTheAccountStillWork() {
        IssuedKey first = keys.create("shop", 7);
        IssuedKey second = keys.createForAccount(first.key().accountId(), "ci");

        ApiKey revoked = keys.revoke(first.plainKey());

        assertThat(revoked.revoked()).isTrue();
        assertThatThrownBy(() -> keys.authenticate(first.plainKey()))
                .isInstanceOf(InvalidApiKeyException.class)
                .hasMessageContaining("revoked");
        assertThat(keys.authenticate(second.plainKey()).credits()).isEqualTo(7);
        // revoking again changes nothing and keeps the first revocation time
        assertThat(keys.revoke(String.valueOf(first.key().id())).revokedAt()).isEqualTo(revoked.revokedAt());
    }

    @Test
    void operatorsNameKeysByTextIdOrPrefix() {
        IssuedKey issued = keys.create("shop", 1);
        keys.create("other", 1);

        assertThat(keys.find(issued.plainKey()).id()).isEqualTo(issued.key().id());
        assertThat(keys.find(String.valueOf(issued.key().id())).id()).isEqualTo(issued.key().id());
        assertThat(keys.find(issued.key().display()).id()).isEqualTo(issued.key().id());
        assertThat(keys.find(issued.key().prefix()).id()).isEqualTo(issued.key().id());
        assertThatThrownBy(() -> keys.find("bd_")).isInstanceOf(ApiKeyNotFoundException.class).hasMessageContaining("2 keys");
        assertThatThrownBy(() -> keys.find("999999")).isInstanceOf(ApiKeyNotFoundException.class);
        assertThatThrownBy(() -> keys.find("bd_" + "x".repeat(32))).isInstanceOf(ApiKeyNotFoundException.class);
    }

    @Test
    void creditingAKeyAddsToItsAccountAndTheLedger() {
        IssuedKey issued = keys.create("shop", 10);

        LedgerEntry grant = keys.credit(issued.key().prefix(), 15);

        assertThat(grant.delta()).isEqualTo(15);
        assertThat(grant.balanceAfter()).isEqualTo(25);
        assertThat(keys.authenticate(issued.plainKey()).credits()).isEqualTo(25);
        assertThat(ledger.entries(issued.key().accountId()))
                .extracting(LedgerEntry::reason, LedgerEntry::delta)
                .containsExactly(
                        tuple(LedgerReason.GRANT, 10L),
                        tuple(LedgerReason.GRANT, 15L));
        assertThatThrownBy(() -> keys.credit(issued.plainKey(), 0)).isInstanceOf(InvalidCreditAmountException.class);
        assertThatThrownBy(() -> keys.credit(issued.plainKey(), -5)).isInstanceOf(InvalidCreditAmountException.class);
    }

    @Test
    void listsKeysWithTheirBalances() {
        IssuedKey a = keys.create("a", 3);
        IssuedKey b = keys.create("b", 4);
        keys.revoke(b.plainKey());

        assertThat(keys.list())
                .extracting(s -> s.key().id(), KeySummary::accountName, KeySummary::credits, s -> s.key().revoked())
                .containsExactly(
                        tuple(a.key().id(), "a", 3L, false),
                        tuple(b.key().id(), "b", 4L, true));
        assertThat(keys.account(a.key().accountId()).credits()).isEqualTo(3);
    }

    @Test
    void pagesHoldTheKeysAfterTheCursorOldestFirst() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(keys.create("k" + i, i).key().id());
        }
        assertThat(keys.page(0, 2)).extracting(s -> s.key().id()).containsExactly(ids.get(0), ids.get(1));
        assertThat(keys.page(ids.get(1), 2)).extracting(s -> s.key().id()).containsExactly(ids.get(2), ids.get(3));
        assertThat(keys.page(ids.get(3), 2)).extracting(s -> s.key().id(), KeySummary::credits)
                .containsExactly(tuple(ids.get(4), 4L));
        assertThat(keys.page(ids.get(4), 2)).isEmpty();
    }
}
