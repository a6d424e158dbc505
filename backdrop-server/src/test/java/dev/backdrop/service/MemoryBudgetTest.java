package dev.backdrop.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backdrop.image.ImageDecoder;
import dev.backdrop.image.ImageSize;
import dev.backdrop.image.ImageTooLargeException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
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
        byte[] bomb = pngHeader(7000, 7000);
        assertThat(bomb.length).isLessThan(200);
        assertThat(new ImageDecoder().size(bomb)).isEqualTo(new ImageSize(7000, 7000));
    }

    /** A PNG whose IHDR declares {@code width}x{@code height} RGB, with one short IDAT: a header bomb. */
    public static byte[] pngHeader(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream fields = new DataOutputStream(ihdr);
        fields.writeInt(width);
        fields.writeInt(height);
        fields.write(new byte[] {8, 2, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[64]);
        deflater.finish();
        byte[] idat = new byte[128];
        int n = deflater.deflate(idat);
        chunk(out, "IDAT", java.util.Arrays.copyOf(idat, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream s = new DataOutputStream(out);
        s.writeInt(data.length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        s.write(name);
        s.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        s.writeInt((int) crc.getValue());
    }
}
