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
        TransparentHugePages plain = TransparentHugePages.of("madvise", Map.of(), false);
        assertThat(plain.backLargeAllocations()).isFalse();
        assertThat(plain.advice()).hasValueSatisfying(a -> assertThat(a)
                .contains("GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=262144")
                .contains("-XX:+UseTransparentHugePages"));

        TransparentHugePages asked = TransparentHugePages.of("madvise",
                Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1"), true);
        assertThat(asked.backLargeAllocations()).isTrue();
        assertThat(asked.advice()).isEmpty();
        assertThat(asked.describe()).isEqualTo("transparent huge pages madvise, asked for by malloc, asked for by the Java heap");

        TransparentHugePages heapOnly = TransparentHugePages.of("madvise", Map.of(), true);
        assertThat(heapOnly.advice()).hasValueSatisfying(a -> assertThat(a).contains("GLIBC_TUNABLES=")
                .doesNotContain("and the JVM option"));
        TransparentHugePages mallocOnly = TransparentHugePages.of("madvise", Map.of("GLIBC_TUNABLES", TransparentHugePages.TUNABLE), false);
        assertThat(mallocOnly.advice()).hasValueSatisfying(a -> assertThat(a).contains("start Backdrop with the JVM option -XX:+UseTransparentHugePages"));

        TransparentHugePages refused = TransparentHugePages.of("madvise", Map.of("GLIBC_TUNABLES", "glibc.malloc.hugetlb=0"), true);
        assertThat(refused.backLargeAllocations()).isFalse();
    }

    @Test
    void readsTheJavaHeapsOptionOfTheJvmItRunsIn() throws Exception {
        assertThat(javaHeapIn("-XX:+UseTransparentHugePages")).isEqualTo("true");
        assertThat(javaHeapIn("-XX:-UseTransparentHugePages")).isEqualTo("false");
    }

    private static String javaHeapIn(String option) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, option, "-cp", System.getProperty("java.class.path"),
                Probe.class.getName()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes()).strip();
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }

    /** Prints what this JVM says of its heap's huge pages. */
    static final class Probe {
        public static void main(String[] args) {
            System.out.print(TransparentHugePages.ofThisProcess().javaHeap());
        }
    }

    @Test
    void alwaysNeedsNothingAndNeverCannotBeHelped() {
        assertThat(TransparentHugePages.of("always", Map.of(), false).backLargeAllocations()).isTrue();
        assertThat(TransparentHugePages.of("always", Map.of(), false).advice()).isEmpty();
        assertThat(TransparentHugePages.of("never", Map.of("GLIBC_TUNABLES", TransparentHugePages.TUNABLE), true)
                .backLargeAllocations()).isFalse();
        assertThat(TransparentHugePages.of("never", Map.of(), false).advice()).isEmpty();
        assertThat(TransparentHugePages.of("unknown", Map.of(), false).advice()).isEmpty();
    }
}
