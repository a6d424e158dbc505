package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backdrop.diffusion.hub.DownloadStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The hub download's bar on a terminal and its plain lines elsewhere. */
class DownloadConsoleTest {

    long now;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    DownloadConsole console(boolean terminal) {
        return new DownloadConsole(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal, () -> now);
    }

    String shown() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTerminalGetsOneBarRedrawnInPlaceAtMostTenTimesASecond() {
        DownloadConsole console = console(true);
        console.update(new DownloadStatus("unet/a.safetensors", 1, 2, 500_000, 2_000_000, 500_000, 4_000_000, 1e6));
        now += 50;
        console.update(new DownloadStatus("unet/a.safetensors", 1, 2, 600_000, 2_000_000, 600_000, 4_000_000, 1e6));
        now += 100;
        console.update(new DownloadStatus("unet/a.safetensors", 1, 2, 2_000_000, 2_000_000, 2_000_000, 4_000_000, 1e6));
        assertThat(shown()).isEqualTo("\r[###.....................] 12% 500.0 kB/4.0 MB 1.0 MB/s, ETA 0:04 (1/2)"
                + " unet/a.safetensors"
                + "\r[############............] 50% 2.0 MB/4.0 MB 1.0 MB/s, ETA 0:02 (1/2) unet/a.safetensors"
                + "  ");
        now += 1;
        console.update(new DownloadStatus("vae/b.json", 2, 2, 2_000_000, 2_000_000, 4_000_000, 4_000_000, 1e6));
        // The shorter last line blanks out the rest of the longer one before it, then ends the line.
        assertThat(shown()).endsWith("\r[########################] 100% 4.0 MB/4.0 MB 1.0 MB/s, ETA 0:00 (2/2)"
                + " vae/b.json       \n");
    }

    @Test
    void elsewhereALinePerFinishedFileAndOneEveryTenSeconds() {
        DownloadConsole console = console(false);
        console.update(new DownloadStatus("unet/a.safetensors", 1, 2, 0, 2_000_000, 0, 4_000_000, 0));
        now += 5_000;
        console.update(new DownloadStatus("unet/a.safetensors", 1, 2, 700_000, 2_000_000, 700_000, 4_000_000, 2e5));
        now += 5_000;
        console.update(new DownloadStatus("unet/a.safetensors", 1, 2, 1_000_000, 2_000_000, 1_000_000, 4_000_000,
                2e5));
        console.update(new DownloadStatus("unet/a.safetensors", 1, 2, 2_000_000, 2_000_000, 2_000_000, 4_000_000,
                2e5));
        assertThat(shown().lines()).containsExactly(
                "unet/a.safetensors (1/2): 0 B of 2.0 MB; all: 0% of 4.0 MB, 0 B/s, ETA --:--",
                "unet/a.safetensors (1/2): 1.0 MB of 2.0 MB; all: 25% of 4.0 MB, 200.0 kB/s, ETA 0:15",
                "unet/a.safetensors (1/2): done, 2.0 MB; all: 50% of 4.0 MB, 200.0 kB/s, ETA 0:10");
        assertThat(DownloadConsole.clock(Duration.ofSeconds(3725))).isEqualTo("1:02:05");
    }
}
