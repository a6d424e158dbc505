package dev.backdrop.cli;

import dev.backdrop.accounts.ApiKeys;
import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.accounts.IssuedKey;
import dev.backdrop.db.Database;
import java.util.List;

/** Keys managed in the database itself: for a data folder (or PostgreSQL) no server is running on. */
final class DatabaseKeyAdministration implements KeyAdministration {

    private final Database database;
    private final ApiKeys keys;

    DatabaseKeyAdministration(String jdbcUrl) {
        this.database = Database.open(jdbcUrl);
        this.keys = new ApiKeys(database, new CreditLedger(database));
    }

    @Override
    public CreatedKey create(String name, long credits) {
        IssuedKey issued = keys.create(name, credits);
        return new CreatedKey(issued.plainKey(), issued.key().display(), issued.credits(), issued.key().webhookSecret());
    }

    @Override
    public List<KeyRow> list() {
        return keys.list().stream().map(s -> new KeyRow(s.key().display(), s.key().name(), s.credits(), s.key().revoked()))
                .toList();
    }

    @Override
    public long credit(String key, long amount) {
        return keys.credit(key, amount).balanceAfter();
    }

    @Override
    public String revoke(String key) {
        return keys.revoke(key).display();
    }

    @Override
    public void close() {
        database.close();
    }
}
