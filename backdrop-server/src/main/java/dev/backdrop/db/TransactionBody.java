package dev.backdrop.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on one connection inside one transaction; its result is returned after the commit. */
@FunctionalInterface
public interface TransactionBody<T> {

    T run(Connection connection) throws SQLException;
}
