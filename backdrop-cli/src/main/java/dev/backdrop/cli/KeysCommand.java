package dev.backdrop.cli;

import dev.backdrop.accounts.ApiKey;
import dev.backdrop.accounts.ApiKeys;
import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.accounts.IssuedKey;
import dev.backdrop.accounts.KeySummary;
import dev.backdrop.accounts.LedgerEntry;
import dev.backdrop.db.Database;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Manage API keys and credits in the server's database.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Credit.class,
                KeysCommand.Revoke.class})
final class KeysCommand {

    @Option(names = "--data", defaultValue = "data", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "the server's data folder (default: ./${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--db", paramLabel = "JDBC_URL", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "PostgreSQL URL instead of the embedded database")
    String db;

    <T> T withKeys(Function<ApiKeys, T> action) {
        try (Database database = Database.open(db != null ? db : Database.embeddedUrl(data))) {
            return action.apply(new ApiKeys(database, new CreditLedger(database)));
        }
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
            IssuedKey issued = parent.withKeys(keys -> keys.create(name, credits));
            spec.commandLine().getOut().println(issued.plainKey());
            System.err.println("created " + issued.key().display() + " with " + issued.credits()
                    + " credits; the key is shown only this once");
            System.err.println("webhook signing secret: " + issued.key().webhookSecret());
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
            for (KeySummary s : parent.withKeys(ApiKeys::list)) {
                spec.commandLine().getOut().printf("%-14s %-24s %8d credits%s%n", s.key().display(), s.key().name(), s.credits(),
                        s.key().revoked() ? "  (revoked)" : "");
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
            LedgerEntry entry = parent.withKeys(keys -> keys.credit(key, amount));
            spec.commandLine().getOut().println("balance: " + entry.balanceAfter());
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
            ApiKey revoked = parent.withKeys(keys -> keys.revoke(key));
            spec.commandLine().getOut().println("revoked " + revoked.display());
            return 0;
        }
    }
}
