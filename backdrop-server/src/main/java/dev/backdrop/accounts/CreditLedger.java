package dev.backdrop.accounts;

import dev.backdrop.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Account balances and the ledger behind them. Every change of a balance is one conditional
 * {@code UPDATE} of the account row plus one ledger row in the same transaction, so concurrent
 * charges queue on the row lock, the balance never goes below zero and the ledger always sums to it.
 *
 * <p>Methods taking a {@link Connection} join the caller's transaction (to charge and create a
 * job atomically, say); the others run their own.
 */
public final class CreditLedger {

    /** Far above any real balance; keeps sums far from overflowing. */
    static final long MAX_AMOUNT = 1_000_000_000_000L;

    private static final String ENTRY_COLUMNS =
            "id, account_id, delta, balance_after, reason, reference, refund_of, created_at";

    private final Database database;
    private final CreditObserver observer;

    public CreditLedger(Database database) {
        this(database, CreditObserver.NONE);
    }

    public CreditLedger(Database database, CreditObserver observer) {
        this.database = database;
        this.observer = observer;
    }

    /**
     * Takes {@code cost} credits from the account, or throws {@link InsufficientCreditsException}
     * and takes nothing.
     *
     * @param reference what the credits pay for (a job id, a request id), kept in the ledger
     * @return the charge, with the balance left after it
     */
    public LedgerEntry charge(long accountId, long cost, String reference) {
        return database.inTransaction(c -> charge(c, accountId, cost, reference));
    }

    public LedgerEntry charge(Connection connection, long accountId, long cost, String reference) throws SQLException {
        requireAmount(cost, true);
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE accounts SET credits = credits - ? WHERE id = ? AND credits >= ?")) {
            update.setLong(1, cost);
            update.setLong(2, accountId);
            update.setLong(3, cost);
            if (update.executeUpdate() == 0) {
                throw new InsufficientCreditsException(balanceOf(connection, accountId), cost);
            }
        }
        LedgerEntry entry = append(connection, accountId, -cost, LedgerReason.CHARGE, reference, null);
        observer.charged(cost);
        return entry;
    }

    /**
     * Gives back the credits of a charge, once: refunding a charge that was already refunded
     * returns the first refund and changes nothing.
     */
    public LedgerEntry refund(long chargeId, String reference) {
        return database.inTransaction(c -> refund(c, chargeId, reference));
    }

    public LedgerEntry refund(Connection connection, long chargeId, String reference) throws SQLException {
        // Locking the charge row makes two concurrent refunds of one charge take turns.
        LedgerEntry charge = entry(connection, "SELECT " + ENTRY_COLUMNS + " FROM credit_ledger WHERE id = ? FOR UPDATE", chargeId)
                .orElseThrow(() -> new IllegalArgumentException("No ledger entry " + chargeId));
        if (charge.reason() != LedgerReason.CHARGE) {
            throw new IllegalArgumentException("Ledger entry " + chargeId + " is a " + charge.reason() + ", not a charge");
        }
        Optional<LedgerEntry> earlier = entry(connection,
                "SELECT " + ENTRY_COLUMNS + " FROM credit_ledger WHERE refund_of = ?", chargeId);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        addToBalance(connection, charge.accountId(), -charge.delta());
        LedgerEntry entry = append(connection, charge.accountId(), -charge.delta(), LedgerReason.REFUND, reference, chargeId);
        observer.refunded(-charge.delta());
        return entry;
    }

    /** Adds {@code amount} credits (a positive number) to the account. */
    public LedgerEntry grant(long accountId, long amount, String reference) {
        return database.inTransaction(c -> grant(c, accountId, amount, reference));
    }

    public LedgerEntry grant(Connection connection, long accountId, long amount, String reference) throws SQLException {
        requireAmount(amount, false);
        addToBalance(connection, accountId, amount);
        return append(connection, accountId, amount, LedgerReason.GRANT, reference, null);
    }

    public long balance(long accountId) {
        return database.inTransaction(c -> balanceOf(c, accountId));
    }

    /** The balance, read in the caller's transaction. */
    public static long balanceOf(Connection connection, long accountId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT credits FROM accounts WHERE id = ?")) {
            select.setLong(1, accountId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalArgumentException("No account " + accountId);
                }
                return rows.getLong(1);
            }
        }
    }

    /** The account's ledger, oldest first. */
    public List<LedgerEntry> entries(long accountId) {
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT " + ENTRY_COLUMNS + " FROM credit_ledger WHERE account_id = ? ORDER BY id")) {
                select.setLong(1, accountId);
                return entriesOf(select);
            }
        });
    }

    /**
     * One page of the account's ledger, newest first: at most {@code limit} entries with an id below
     * {@code beforeId} (all when it is {@code Long.MAX_VALUE}); the last entry's id asks for the next page.
     */
    public List<LedgerEntry> entries(long accountId, long beforeId, int limit) {
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + ENTRY_COLUMNS
                    + " FROM credit_ledger WHERE account_id = ? AND id < ? ORDER BY id DESC LIMIT ?")) {
                select.setLong(1, accountId);
                select.setLong(2, beforeId);
                select.setInt(3, limit);
                return entriesOf(select);
            }
        });
    }

    private static List<LedgerEntry> entriesOf(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            List<LedgerEntry> entries = new ArrayList<>();
            while (rows.next()) {
                entries.add(entry(rows));
            }
            return entries;
        }
    }

    private static void requireAmount(long amount, boolean zeroAllowed) {
        if (amount < 0 || (amount == 0 && !zeroAllowed) || amount > MAX_AMOUNT) {
            throw new InvalidCreditAmountException("A credit amount must be " + (zeroAllowed ? "between 0" : "between 1")
                    + " and " + MAX_AMOUNT + ", not " + amount);
        }
    }

    private static void addToBalance(Connection connection, long accountId, long delta) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE accounts SET credits = credits + ? WHERE id = ?")) {
            update.setLong(1, delta);
            update.setLong(2, accountId);
            if (update.executeUpdate() == 0) {
                throw new IllegalArgumentException("No account " + accountId);
            }
        }
    }

    private static LedgerEntry append(Connection connection, long accountId, long delta, LedgerReason reason,
                                      String reference, Long refundOf) throws SQLException {
        // The account row is locked by this transaction's UPDATE, so this is the balance it left.
        long balanceAfter = balanceOf(connection, accountId);
        long id;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO credit_ledger (account_id, delta, balance_after, reason, reference, refund_of) VALUES (?, ?, ?, ?, ?, ?)",
                new String[] {"id"})) {
            insert.setLong(1, accountId);
            insert.setLong(2, delta);
            insert.setLong(3, balanceAfter);
            insert.setString(4, reason.stored());
            insert.setString(5, reference);
            if (refundOf == null) {
                insert.setNull(6, Types.BIGINT);
            } else {
                insert.setLong(6, refundOf);
            }
            insert.executeUpdate();
            id = generatedId(insert);
        }
        return entry(connection, "SELECT " + ENTRY_COLUMNS + " FROM credit_ledger WHERE id = ?", id).orElseThrow();
    }

    static long generatedId(PreparedStatement insert) throws SQLException {
        try (ResultSet keys = insert.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("The database returned no generated id");
            }
            return keys.getLong(1);
        }
    }

    private static Optional<LedgerEntry> entry(Connection connection, String sql, long parameter) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, parameter);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(entry(rows)) : Optional.empty();
            }
        }
    }

    private static LedgerEntry entry(ResultSet row) throws SQLException {
        return new LedgerEntry(
                row.getLong("id"),
                row.getLong("account_id"),
                row.getLong("delta"),
                row.getLong("balance_after"),
                LedgerReason.fromStored(row.getString("reason")),
                row.getString("reference"),
                row.getLong("refund_of"),
                row.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
