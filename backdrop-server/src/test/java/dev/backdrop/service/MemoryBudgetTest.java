package dev.backdrop.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backdrop.image.ImageDecoder;
import dev.backdrop.image.ImageSize;
import dev.backdrop.image.ImageTooLargeException;
import dev.backdrop.testing.HeaderBombs;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    @Test
    void aRequestLargerThanTheWholeBudgetIsRefusedAtOnce() {
        MemoryBudget budget = new MemoryBudget(32);
        assertThatThrownBy(() -> budget.reserve(49_000_000)).isInstanceOf(ImageTooLargeException.class)
                .hasMessageContaining("49.0 megapixels").hasMessageContaining("at most 32.0");
        assertThat(budget.reservedPixels()).isZero();
    }

    @Test
    void aRequestBeyondWhatIsLeftWaitsForRoomThenRuns() throws Exception {
        MemoryBudget budget = new MemoryBudget(10, Duration.ofSeconds(10));
        MemoryBudget.Lease first = budget.reserve(8_000_000);
        CompletableFuture<MemoryBudget.Lease> second = CompletableFuture.supplyAsync(() -> budget.reserve(5_000_000));
        Thread.sleep(200);
        assertThat(second).as("waits while the first holds the room").isNotDone();
        first.close();
        MemoryBudget.Lease granted = second.get(5, TimeUnit.SECONDS);
        assertThat(budget.reservedPixels()).isEqualTo(5_000_000);
        granted.close();
        granted.close(); // closing again gives nothing back twice
        assertThat(budget.reservedPixels()).isZero();
    }

    @Test
    void aRequestThatFindsNoRoomWithinItsPatienceGets429() {
        MemoryBudget budget = new MemoryBudget(10, Duration.ofMillis(100));
        try (MemoryBudget.Lease held = budget.reserve(9_000_000)) {
            assertThatThrownBy(() -> budget.reserve(2_000_000)).isInstanceOf(OverloadedException.class);
        }
        assertThat(budget.reservedPixels()).isZero();
    }

    @Test
    void theBudgetComesFromTheEnvironment() {
        assertThat(MemoryBudget.fromEnvironment(Map.of()).reservedPixels()).isZero();
        assertThatThrownBy(() -> MemoryBudget.fromEnvironment(Map.of("BACKDROP_MEMORY_BUDGET", "lots")))
                .hasMessageContaining("BACKDROP_MEMORY_BUDGET");
        assertThatThrownBy(() -> MemoryBudget.fromEnvironment(Map.of("BACKDROP_MEMORY_BUDGET", "0")))
                .hasMessageContaining("BACKDROP_MEMORY_BUDGET");
    }

    /** A PNG header declaring 7000x7000 with almost no pixel data: its size is read without decoding. */
    @Test
    void aDeclaredSizeIsReadFromTheHeaderAlone() throws IOException {
        byte[] bomb = HeaderBombs.png(7000, 7000);
        assertThat(bomb.length).isLessThan(200);
        assertThat(new ImageDecoder().size(bomb)).isEqualTo(new ImageSize(7000, 7000));
    }
}
