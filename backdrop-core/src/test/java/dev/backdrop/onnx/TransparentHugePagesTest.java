package dev.backdrop.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TransparentHugePagesTest {

    @Test
    void readsTheKernelsBracketedChoice() {
        assertThat(TransparentHugePages.selected("always [madvise] never\n")).contains("madvise");
        assertThat(TransparentHugePages.selected("[always] madvise never")).contains("always");
        assertThat(TransparentHugePages.selected("always madvise never")).isEmpty();
    }

    @Test
    void inMadviseModeOnlyTheTunableBringsThem() {
        TransparentHugePages plain = TransparentHugePages.of("madvise", Map.of());
        assertThat(plain.backLargeAllocations()).isFalse();
        assertThat(plain.advice()).hasValueSatisfying(a -> assertThat(a).contains("GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=262144"));

        TransparentHugePages asked = TransparentHugePages.of("madvise",
                Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1"));
        assertThat(asked.backLargeAllocations()).isTrue();
        assertThat(asked.advice()).isEmpty();
        assertThat(asked.describe()).isEqualTo("transparent huge pages madvise, asked for by malloc");

        TransparentHugePages refused = TransparentHugePages.of("madvise", Map.of("GLIBC_TUNABLES", "glibc.malloc.hugetlb=0"));
        assertThat(refused.backLargeAllocations()).isFalse();
    }

    @Test
    void alwaysNeedsNothingAndNeverCannotBeHelped() {
        assertThat(TransparentHugePages.of("always", Map.of()).backLargeAllocations()).isTrue();
        assertThat(TransparentHugePages.of("always", Map.of()).advice()).isEmpty();
        assertThat(TransparentHugePages.of("never", Map.of("GLIBC_TUNABLES", TransparentHugePages.TUNABLE))
                .backLargeAllocations()).isFalse();
        assertThat(TransparentHugePages.of("never", Map.of()).advice()).isEmpty();
        assertThat(TransparentHugePages.of("unknown", Map.of()).advice()).isEmpty();
    }
}
