package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backdrop keys} against a real embedded database in a data folder. */
class KeysCommandTest {

    @TempDir
    Path data;

    @Test
    void createListCreditAndRevoke() {
        CommandRun created = CommandRun.of("keys", "--data", data.toString(), "create", "--credits", "25",
                "--name", "shop-a");
        assertThat(created.exit()).as(created.err()).isZero();
        String key = created.out().strip();
        assertThat(key).startsWith("bd_").hasSize(35);
        assertThat(created.err()).contains("webhook signing secret: whsec_");

        CommandRun listed = CommandRun.of("keys", "--data", data.toString(), "list");
        assertThat(listed.out()).contains("shop-a").contains("25 credits").doesNotContain(key);

        CommandRun credited = CommandRun.of("keys", "--data", data.toString(), "credit", key, "10");
        assertThat(credited.exit()).as(credited.err()).isZero();
        assertThat(credited.out()).contains("balance: 35");

        CommandRun revoked = CommandRun.of("keys", "--data", data.toString(), "revoke", key);
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        assertThat(CommandRun.of("keys", "--data", data.toString(), "list").out()).contains("(revoked)");

        CommandRun unknown = CommandRun.of("keys", "--data", data.toString(), "credit", "bd_nosuchkey", "1");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("error:");
    }
}
