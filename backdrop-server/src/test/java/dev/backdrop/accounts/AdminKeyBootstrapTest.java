package dev.backdrop.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.testing.DatabaseTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminKeyBootstrapTest extends DatabaseTestBase {

    ApiKeys keys;
    Path data;

    @BeforeEach
    void wire() {
        keys = new ApiKeys(database, new CreditLedger(database));
        data = dataFolder.resolve("data");
    }

    @Test
    void theFirstStartMakesAnAdminKeyWithAThousandCreditsInAnOwnerOnlyFile() throws Exception {
        AdminKeyBootstrap.AdminKey admin = new AdminKeyBootstrap(database, keys, data).run().orElseThrow();

        Path file = data.resolve("admin-key");
        assertThat(admin.file()).isEqualTo(file);
        assertThat(Files.readString(file).strip()).isEqualTo(admin.issued().plainKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(keys.authenticate(admin.issued().plainKey()).credits()).isEqualTo(1000);
    }

    @Test
    void laterStartsMakeNoNewKey() {
        new AdminKeyBootstrap(database, keys, data).run().orElseThrow();

        assertThat(new AdminKeyBootstrap(database, keys, data).run()).isEmpty();
        assertThat(keys.list()).hasSize(1);
    }

    @Test
    void aDatabaseThatAlreadyHasKeysGetsNoAdminKey() {
        keys.create("made by hand", 5);

        assertThat(new AdminKeyBootstrap(database, keys, data).run()).isEmpty();
        assertThat(Files.exists(data.resolve("admin-key"))).isFalse();
    }

    @Test
    void serversStartingTogetherMakeOneKey() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<AdminKeyBootstrap.AdminKey>>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Path folder = dataFolder.resolve("server-" + i);
                futures.add(threads.submit(() -> {
                    start.await();
                    return new AdminKeyBootstrap(database, keys, folder).run();
                }));
            }
            start.countDown();
            int made = 0;
            for (var future : futures) {
                made += future.get(60, TimeUnit.SECONDS).isPresent() ? 1 : 0;
            }
            assertThat(made).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
        assertThat(keys.list()).hasSize(1);
    }
}
