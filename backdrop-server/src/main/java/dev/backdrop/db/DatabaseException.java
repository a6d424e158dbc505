package dev.backdrop.db;

import dev.backdrop.BackdropException;

/**
 * The database failed or could not be reached. Suggested HTTP status: 500 (503 while the
 * database cannot be reached at all); the message names the operation, never the SQL or data.
 */
public final class DatabaseException extends BackdropException {

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "database_error";
    }
}
