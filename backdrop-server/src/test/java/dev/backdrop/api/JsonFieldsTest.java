package dev.backdrop.api;

import dev.backdrop.request.InvalidRequestException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Request fields read by type and range: nothing out of range slips through by wrapping around. */
class JsonFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonFields body(String json) {
        return JsonFields.parse(JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBodyIsOneJsonObjectWithEachKeyOnceAndItsErrorsSpeakToTheClient() {
        for (String wrong : new String[] {"{\"a\": 1} garbage", "{\"a\": 1}{\"a\": 2}", "{\"a\": 1, \"a\": 2}"}) {
            assertThatThrownBy(() -> body(wrong)).as(wrong).isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("the request body is not valid JSON");
        }
        assertThat(body("  {\"a\": 1}\n").text("b")).isNull();
        assertThatThrownBy(() -> body("{\"seed\": NaN}")).hasMessageNotContaining("JsonReadFeature")
                .hasMessageNotContaining("enable");
        assertThatThrownBy(() -> body("{/* note */ \"a\": 1}")).hasMessageNotContaining("Feature");
        assertThatThrownBy(() -> body("[".repeat(1100))).hasMessageNotContaining("StreamReadConstraints");
        assertThatThrownBy(() -> body("--b\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\nx"))
                .hasMessageContaining("takes a JSON body").hasMessageContaining("/v1/cutout");
    }

    @Test
    void anIntegerBeyond64BitsIsRefusedNamingTheField() {
        // 2^70 would wrap to 0 through asLong and pass a 0..2^32 range.
        assertThatThrownBy(() -> body("{\"seed\": 1180591620717411303424}").integer("seed", 0, 4294967295L, 1))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("seed is out of range, got 1180591620717411303424");
        assertThat(body("{\"seed\": 4294967295}").integer("seed", 0, 4294967295L, 1)).isEqualTo(4294967295L);
        assertThatThrownBy(() -> body("{\"seed\": 1.5}").integer("seed", 0, 10, 1)).hasMessageContaining("must be an integer");
    }

    @Test
    void booleansAreTrueFalseZeroOrOneAndNothingThatWrapsOntoThem() {
        assertThat(body("{\"base64\": true}").bool("base64", false)).isTrue();
        assertThat(body("{\"base64\": 0}").bool("base64", true)).isFalse();
        assertThat(body("{\"base64\": 1}").bool("base64", false)).isTrue();
        for (String wrong : new String[] {"4294967297", "1180591620717411303424", "2", "\"true\""}) {
            assertThatThrownBy(() -> body("{\"base64\": " + wrong + "}").bool("base64", false))
                    .as(wrong).isInstanceOf(InvalidRequestException.class).hasMessageContaining("base64 must be true or false");
        }
    }
}
