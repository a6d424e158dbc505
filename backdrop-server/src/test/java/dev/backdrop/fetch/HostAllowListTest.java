package dev.backdrop.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostAllowListTest {

    @Test
    void emptyByDefault() {
        assertThat(FetchSettings.DEFAULT.allowList().isEmpty()).isTrue();
        assertThat(HostAllowList.parse("")).isEqualTo(HostAllowList.NONE);
        assertThat(HostAllowList.parse(null)).isEqualTo(HostAllowList.NONE);
        assertThat(HostAllowList.parse(" , ").isEmpty()).isTrue();
    }

    @Test
    void matchesHostsExactlyIgnoringCase() {
        HostAllowList list = HostAllowList.parse("Images.Local, cdn.example.com");
        assertThat(list.permits("images.local")).isTrue();
        assertThat(list.permits("IMAGES.local")).isTrue();
        assertThat(list.permits("cdn.example.com")).isTrue();
        assertThat(list.permits("example.com")).isFalse();
        assertThat(list.permits("evil.images.local")).isFalse();
        assertThat(list.permits("images.local.evil.com")).isFalse();
    }

    @Test
    void ipLiteralsMatchTheCanonicalHostOfAUrl() {
        HostAllowList list = HostAllowList.parse("127.0.0.1,[::1],FD00:0:0::5");
        assertThat(list.permits(UrlFetcher.parse("http://127.0.0.1:8080/a.png").host())).isTrue();
        assertThat(list.permits(UrlFetcher.parse("http://[::1]:8080/a.png").host())).isTrue();
        assertThat(list.permits(UrlFetcher.parse("http://[0:0::1]/a.png").host())).isTrue();
        assertThat(list.permits(UrlFetcher.parse("http://[fd00::5]/a.png").host())).isTrue();
        assertThat(list.permits(UrlFetcher.parse("http://127.0.0.2/a.png").host())).isFalse();
    }

    @Test
    void aBareIpv6EntryNeedsNoBrackets() {
        assertThat(HostAllowList.parse("::1").hosts()).containsExactly("::1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:8080", "http://localhost", "images.local/path", "user@images.local", "a b"})
    void refusesEntriesThatAreNotBareHosts(String entry) {
        assertThatThrownBy(() -> HostAllowList.parse("ok.local," + entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(entry);
    }

    @Test
    void settingsTakeTheFlagValue() {
        FetchSettings settings = FetchSettings.DEFAULT.withAllowedHosts("a.local,b.local");
        assertThat(settings.allowList().hosts()).containsExactlyInAnyOrder("a.local", "b.local");
        assertThat(settings.maxBytes()).isEqualTo(25L * 1024 * 1024);
        assertThat(settings.maxRedirects()).isEqualTo(3);
    }
}
