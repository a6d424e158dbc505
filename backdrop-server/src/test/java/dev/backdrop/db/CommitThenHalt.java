package dev.backdrop.db;

import java.nio.file.Path;

/** Run in a process of its own: commits one account to the embedded database, then ends as a kill would. */
final class CommitThenHalt {

    private CommitThenHalt() {
    }

    public static void main(String[] args) {
        Database database = Database.open(Database.embeddedUrl(Path.of(args[0])));
        database.inTransaction(c -> c.prepareStatement("INSERT INTO accounts (name, credits) VALUES ('accepted', 7)").executeUpdate());
        Runtime.getRuntime().halt(3); // no close, no shutdown hook: nothing gets a chance to write later
    }
}
