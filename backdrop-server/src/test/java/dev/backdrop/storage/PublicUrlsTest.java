package dev.backdrop.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicUrlsTest {

    @Test
    void fileUrlsHangOffThePublicBase() {
        assertThat(PublicUrls.parse("https://img.example.com").fileUrl("results/2025/01/02/ab-0.png"))
                .isEqualTo("https://img.example.com/files/results/2025/01/02/ab-0.png");
        assertThat(PublicUrls.parse("https://example.com/backdrop/").fileUrl("a.png"))
                .isEqualTo("https://example.com/backdrop/files/a.png");
        assertThat(PublicUrls.parse(" http://10.0.0.5:8080// ").base()).isEqualTo("http://10.0.0.5:8080");
    }

    @Test
    void theDefaultIsTheListenerAddressWithWildcardsShownAsLocalhost() {
        assertThat(PublicUrls.forListener("0.0.0.0", 8080).base()).isEqualTo("http://localhost:8080");
        assertThat(PublicUrls.forListener("::", 8080).base()).isEqualTo("http://localhost:8080");
        assertThat(PublicUrls.forListener("127.0.0.1", 9000).fileUrl("x.png"))
                .isEqualTo("http://127.0.0.1:9000/files/x.png");
        assertThat(PublicUrls.forListener("::1", 9000).base()).isEqualTo("http://[::1]:9000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "img.example.com", "ftp://example.com", "https://example.com/?a=b",
            "https://user:pw@example.com", "https:///path", "http://exa mple.com"})
    void unusableBasesAreRefused(String text) {
        assertThatThrownBy(() -> PublicUrls.parse(text))
                .isInstanceOf(InvalidStorageSettingsException.class)
                .hasMessageContaining("--public-url");
    }

    @Test
    void badKeysGetNoUrl() {
        assertThatThrownBy(() -> PublicUrls.parse("https://a.example").fileUrl("../etc/passwd"))
                .isInstanceOf(InvalidObjectKeyException.class);
    }
}
