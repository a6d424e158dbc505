package dev.backdrop.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransparentHugePagesTest {

    @Test
    void readsTheKernelsBracketedChoice() {
        assertThat(TransparentHugePages.selected("always [madvise] never\n")).contains("madvise");
        assertThat(TransparentHugePages.selected("[always] madvise never")).contains("always");
        assertThat(TransparentHugePages.selected("always madvise never")).isEmpty();
    }

    @Test
    void inMadviseModeOnlyTheJvmOptionBringsThem() {
        TransparentHugePages plain = new TransparentHugePages("madvise", false);
        assertThat(plain.backTheHeap()).isFalse();
        assertThat(plain.advice()).hasValueSatisfying(a -> assertThat(a)
                .contains("start Backdrop with the JVM option -XX:+UseTransparentHugePages"));
        assertThat(plain.describe()).isEqualTo("transparent huge pages madvise, not asked for by the Java heap");

        TransparentHugePages asked = new TransparentHugePages("madvise", true);
        assertThat(asked.backTheHeap()).isTrue();
        assertThat(asked.advice()).isEmpty();
        assertThat(asked.describe()).isEqualTo("transparent huge pages madvise, asked for by the Java heap");
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
        assertThat(new TransparentHugePages("always", false).backTheHeap()).isTrue();
        assertThat(new TransparentHugePages("always", false).advice()).isEmpty();
        assertThat(new TransparentHugePages("never", true).backTheHeap()).isFalse();
        assertThat(new TransparentHugePages("never", false).advice()).isEmpty();
        assertThat(new TransparentHugePages("unknown", false).advice()).isEmpty();
    }
}
