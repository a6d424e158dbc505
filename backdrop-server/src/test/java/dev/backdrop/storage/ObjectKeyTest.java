package dev.backdrop.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "results/2025/11/22/3f9c0a7e41d2b8c65e0f1a93-0.png", "A_b-c.d.e", "x/y/z",
            "file..png", "-dash", "_under"})
    void usualKeysAreAccepted(String key) {
        assertThat(ObjectKey.of(key).value()).isEqualTo(key);
    }

    @Test
    void theExtensionIsTheLastNamesInLowerCase() {
        assertThat(ObjectKey.of("a.b/c.PNG").extension()).isEqualTo("png");
        assertThat(ObjectKey.of("a.b/c").extension()).isEmpty();
        assertThat(ObjectKey.of("a/c.tar.gz").extension()).isEqualTo("gz");
    }

    @Test
    void messagesShowControlCharactersEscaped() {
        assertThatThrownBy(() -> ObjectKey.of("a\u001b[2J.png"))
                .isInstanceOf(InvalidObjectKeyException.class)
                .hasMessageContaining("\\u001b")
                .hasMessageNotContaining("\u001b");
    }

    @Test
    void aSegmentOfMoreThan200CharactersIsRefused() {
        assertThat(ObjectKey.of("a/" + "b".repeat(200)).value()).hasSize(202);
        assertThatThrownBy(() -> ObjectKey.of("a/" + "b".repeat(201))).isInstanceOf(InvalidObjectKeyException.class);
    }
}
