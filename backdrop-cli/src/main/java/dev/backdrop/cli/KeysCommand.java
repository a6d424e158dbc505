package dev.backdrop.cli;

import dev.backdrop.accounts.AccessTokens;
import dev.backdrop.db.Database;
import dev.backdrop.server.ServerAddressFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"Manage API keys and credits.",
                "While a server runs on the data folder, the commands go through its admin API (/admin/v1) with the"
                        + " admin token (BACKDROP_ADMIN_TOKEN, else the data folder's admin-token file); otherwise they"
                        + " open the database directly. --server URL names a server elsewhere."},
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Credit.class,
                KeysCommand.Revoke.class})
final class KeysCommand {

    @Option(names = "--data", defaultValue = "data", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "the server's data folder (default: ./${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--db", paramLabel = "JDBC_URL", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "PostgreSQL URL instead of the embedded database")
    String db;

    @Option(names = "--server", paramLabel = "URL", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "a running server's address, managed through its admin API")
    URI server;

    <T> T withKeys(Function<KeyAdministration, T> action) {
        try (KeyAdministration keys = administration()) {
            return action.apply(keys);
        }
    }

    /** The running server's admin API when there is one (named, or running on the data folder), else the database. */
    private KeyAdministration administration() {
        if (server != null && !isHttpAddress(server)) {
            throw new ParameterException(new CommandLine(this), "--server " + server
                    + " is not a server's address: give http://HOST:PORT or https://HOST");
        }
        Optional<URI> running = server != null ? Optional.of(server)
                : db == null ? ServerAddressFile.running(data) : Optional.empty();
        if (running.isEmpty()) {
            if (db == null && !Files.isDirectory(data)) {
                // Opening the embedded database would make a new, empty one there: a mistyped folder
                // would list no keys, or create a key no server reads.
                throw new ParameterException(new CommandLine(this), "no data folder at " + data
                        + ": give the folder the server uses (--data, default ./data), or --db or --server");
            }
            return new DatabaseKeyAdministration(db != null ? db : Database.embeddedUrl(data));
        }
        String token = Optional.ofNullable(System.getenv(AccessTokens.ADMIN_ENV)).filter(t -> !t.isBlank())
                .or(() -> AccessTokens.inFolder(data))
                .orElseThrow(() -> new AdminApiException("the server at " + running.get() + " needs its admin token: set "
                        + AccessTokens.ADMIN_ENV + " or pass --data with the server's data folder", "admin_token_missing"));
        return new AdminApiKeyAdministration(running.get(), token.strip(), server != null
                ? "check the address given with --server, and that the server runs"
                : "if it has stopped, run the command again and it uses the data folder directly");
    }

    private static boolean isHttpAddress(URI address) {
        return ("http".equals(address.getScheme()) || "https".equals(address.getScheme())) && address.getHost() != null;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key (printed once).")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--credits", required = true, description = "initial credits")
        long credits;

        @Option(names = "--name", defaultValue = "api key", description = "a name to recognise the key by")
        String name;

        @Override
        public Integer call() {
            KeyAdministration.CreatedKey issued = parent.withKeys(keys -> keys.create(name, credits));
            spec.commandLine().getOut().println(issued.plainKey());
            System.err.println("created " + issued.display() + " with " + issued.credits()
                    + " credits; the key is shown only this once");
            System.err.println("webhook signing secret: " + issued.webhookSecret());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys with their credits.")
    static final class ListKeys implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            for (KeyAdministration.KeyRow row : parent.withKeys(KeyAdministration::list)) {
                spec.commandLine().getOut().printf("%-14s %-24s %8d credits%s%n", row.display(), row.name(), row.credits(),
                        row.revoked() ? "  (revoked)" : "");
            }
            return 0;
        }
    }

    @Command(name = "credit", mixinStandardHelpOptions = true, description = "Add credits to a key's account.")
    static final class Credit implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "KEY", description = "the key, or its displayed prefix")
        String key;

        @Parameters(index = "1", paramLabel = "N", description = "credits to add")
        long amount;

        @Override
        public Integer call() {
            long balance = parent.withKeys(keys -> keys.credit(key, amount));
            spec.commandLine().getOut().println("balance: " + balance);
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key; it stops working at once.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "KEY", description = "the key, or its displayed prefix")
        String key;

        @Override
        public Integer call() {
            String revoked = parent.withKeys(keys -> keys.revoke(key));
            spec.commandLine().getOut().println("revoked " + revoked);
            return 0;
        }
    }
}
