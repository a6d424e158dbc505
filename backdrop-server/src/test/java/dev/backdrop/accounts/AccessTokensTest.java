package dev.backdrop.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokensTest {

    @TempDir
    Path data;

    @Test
    void theEnvironmentWinsAndNothingIsWritten() {
        AccessTokens tokens = AccessTokens.resolve(Map.of(AccessTokens.ADMIN_ENV, " secret-1 "), data);
        assertThat(tokens.admin()).isEqualTo("secret-1");
        assertThat(tokens.source()).isEqualTo(AccessTokens.ADMIN_ENV);
        assertThat(data.resolve(AccessTokens.FILE_NAME)).doesNotExist();
        assertThat(tokens.toString()).doesNotContain("secret-1");
    }

    @Test
    void aGeneratedTokenIsKeptAcrossStarts() {
        AccessTokens first = AccessTokens.resolve(Map.of(), data);
        AccessTokens second = AccessTokens.resolve(Map.of(), data);
        assertThat(first.admin()).hasSize(44).isEqualTo(second.admin());
        assertThat(AccessTokens.inFolder(data)).hasValue(first.admin());
    }

    @Test
    void theMetricsTokenReadsMetricsButIsNoAdminToken() throws Exception {
        AccessTokens tokens = AccessTokens.resolve(Map.of(AccessTokens.METRICS_ENV, "scrape-only"), data);
        assertThat(tokens.mayScrape("scrape-only")).isTrue();
        assertThat(tokens.isAdmin("scrape-only")).isFalse();
        assertThat(tokens.mayScrape(tokens.admin())).isTrue();
        assertThat(tokens.mayScrape(null)).isFalse();
        assertThat(tokens.mayScrape(tokens.admin() + "x")).isFalse();
        assertThat(Files.readString(data.resolve(AccessTokens.FILE_NAME)).strip()).isEqualTo(tokens.admin());
    }
}
