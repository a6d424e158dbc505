package dev.backdrop.api;

import dev.backdrop.request.InvalidRequestException;
import dev.backdrop.request.ReplaceOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Any bytes sent as a bg-replace body either make a request within the seed's ranges or are
 * refused with an {@link InvalidRequestException} (400, naming the field where there is one):
 * never another exception. The seed corpus is in {@code BgReplaceRequestFuzzTestInputs}; with
 * {@code JAZZER_FUZZ=1} the build fuzzes 10,000 inputs from it.
 */
class BgReplaceRequestFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxExecutions = 10_000)
    void parsesOrRefusesByField(byte[] body) {
        try {
            ReplaceOrder request = BgReplaceRoutes.order(JsonFields.parse(JSON, body));
            assertThat(request.samples()).isBetween(1, 4);
            assertThat(request.steps()).isBetween(20, 100);
            assertThat(request.guidanceScale()).isBetween(1.0, 25.0);
            assertThat(request.strength()).isBetween(0.0, 1.0);
            assertThat(request.image()).isNotNull();
            assertThat(request.prompt()).isNotNull();
        } catch (InvalidRequestException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            assertThat(refused.code()).isNotBlank();
        }
    }
}
