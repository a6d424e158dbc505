package dev.backdrop.diffusion.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Repository ids, revisions and the endpoint's addresses. */
class HubRepoRefTest {

    @Test
    void parsesIdAndRevision() {
        assertThat(HubRepoRef.parse("stable-diffusion-v1-5/stable-diffusion-inpainting"))
                .isEqualTo(new HubRepoRef("stable-diffusion-v1-5/stable-diffusion-inpainting", "main"));
        HubRepoRef pinned = HubRepoRef.parse("owner/name@0123456789abcdef0123456789abcdef01234567");
        assertThat(pinned.pinsCommit()).isTrue();
        assertThat(HubRepoRef.parse("owner/name@v1.0").pinsCommit()).isFalse();
        assertThat(HubRepoRef.parse("owner/name@refs/pr/1").revision()).isEqualTo("refs/pr/1");
        assertThat(pinned.folderName()).isEqualTo("owner--name");
    }

    @Test
    void refusesWhatIsNotARepositoryId() {
        for (String bad : new String[] {"name-only", "a/b/c", "../x", "owner/..", "owner/", "/name", "own er/x"}) {
            assertThatThrownBy(() -> HubRepoRef.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("owner/name");
        }
        assertThatThrownBy(() -> HubRepoRef.parse("owner/name@")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesUnsafePathsFromAListing() {
        for (String bad : new String[] {"../evil", "/etc/passwd", "a/../../b", "a//b", "a\\b", ""}) {
            assertThatThrownBy(() -> new HubFile(bad, 1, null, null)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void endpointFromTheEnvironmentAndItsAddresses() {
        HubEndpoint standard = HubEndpoint.fromEnvironment(Map.of());
        assertThat(standard.base()).isEqualTo(URI.create("https://huggingface.co"));
        assertThat(standard.token()).isEmpty();

        HubEndpoint mirror = HubEndpoint.fromEnvironment(Map.of("HF_ENDPOINT", "http://mirror.local:8080/hf/",
                "HF_TOKEN", " hf_abc "));
        assertThat(mirror.token()).contains("hf_abc");
        assertThat(mirror.toString()).doesNotContain("hf_abc");
        HubRepoRef ref = HubRepoRef.parse("owner/name@refs/pr/1");
        assertThat(mirror.modelInfo(ref))
                .hasToString("http://mirror.local:8080/hf/api/models/owner/name/revision/refs%2Fpr%2F1?blobs=true");
        assertThat(mirror.resolve("owner/name", "abc", "unet/a b+c.json"))
                .hasToString("http://mirror.local:8080/hf/owner/name/resolve/abc/unet/a%20b%2Bc.json");
        assertThat(mirror.trusts(URI.create("http://mirror.local:8080/other"))).isTrue();
        assertThat(mirror.trusts(URI.create("http://mirror.local:9000/cdn"))).isFalse();
        assertThat(mirror.trusts(URI.create("https://cdn-lfs.example/x"))).isFalse();
        assertThat(new HubEndpoint(URI.create("https://huggingface.co"), Optional.empty())
                .trusts(URI.create("https://huggingface.co:443/x"))).isTrue();
        assertThat(HubEndpoint.fromEnvironment(Map.of("HF_TOKEN", "  ")).token()).isEmpty();
        assertThatThrownBy(() -> HubEndpoint.fromEnvironment(Map.of("HF_ENDPOINT", "ftp://x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HF_ENDPOINT");
    }
}
