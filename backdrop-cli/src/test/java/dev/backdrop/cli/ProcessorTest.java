package dev.backdrop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessorTest {

    @Test
    void namesTheFirstProcessorsModelAndFamily() {
        String cpuinfo = """
                processor\t: 0
                vendor_id\t: AuthenticAMD
                cpu family\t: 25
                model\t\t: 17
                model name\t: AMD EPYC 9B14
                stepping\t: 1

                processor\t: 1
                cpu family\t: 26
                model\t\t: 2
                model name\t: another
                """;

        assertThat(Processor.parse(cpuinfo, 2).describe()).isEqualTo("AMD EPYC 9B14 (family 25, model 17), 2 cores");
    }

    @Test
    void aProcessorWithoutFamilyIsNamedAlone() {
        String cpuinfo = "processor\t: 0\nBogoMIPS\t: 50.00\nCPU implementer\t: 0x41\n";

        assertThat(Processor.parse(cpuinfo, 1).describe()).isEqualTo(System.getProperty("os.arch") + ", 1 core");
    }

    @Test
    void thisMachineIsDescribed() {
        Processor here = Processor.ofThisMachine();
        assertThat(here.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(here.describe()).matches(".+, \\d+ cores?").doesNotContain("null");
    }
}
