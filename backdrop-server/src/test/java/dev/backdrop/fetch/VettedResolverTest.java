package dev.backdrop.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Resolution and vetting only: names come from a fixed table, nothing is connected to. */
class VettedResolverTest {

    private final List<String> lookups = new ArrayList<>();
    private final Map<String, List<String>> table = Map.of(
            "public.test", List.of("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"),
            "mixed.test", List.of("93.184.216.34", "10.0.0.1"),
            "metadata.test", List.of("169.254.169.254"),
            "ula.test", List.of("fd00::1"),
            "intranet.test", List.of("192.168.1.10"),
            "nothing.test", List.of());

    private final HostResolver resolver = host -> {
        lookups.add(host);
        List<String> literals = table.get(host);
        if (literals == null) {
            throw new UnknownHostException(host);
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (String literal : literals) {
            addresses.add(InetAddress.getByName(literal));
        }
        return addresses;
    };

    @Test
    void returnsEveryAddressOfAPublicHostAfterOneLookup() {
        List<InetAddress> addresses = new VettedResolver(resolver, HostAllowList.NONE).resolve("public.test");
        assertThat(addresses).hasSize(2);
        assertThat(lookups).containsExactly("public.test");
    }

    @Test
    void refusesAHostWhenAnyOfItsAddressesIsRefused() {
        assertThatThrownBy(() -> new VettedResolver(resolver, HostAllowList.NONE).resolve("mixed.test"))
                .isInstanceOf(UrlRefusedException.class)
                .hasMessageContaining("'mixed.test' resolves to 10.0.0.1, a private address");
    }

    @Test
    void namesWhyAHostIsRefused() {
        VettedResolver vetted = new VettedResolver(resolver, HostAllowList.NONE);
        assertThatThrownBy(() -> vetted.resolve("metadata.test")).hasMessageContaining("a cloud metadata address");
        assertThatThrownBy(() -> vetted.resolve("ula.test")).hasMessageContaining("fd00::1, a unique-local address");
        assertThatThrownBy(() -> vetted.resolve("intranet.test"))
                .isInstanceOf(UrlRefusedException.class)
                .hasMessageContaining("192.168.1.10, a private address");
    }

    @Test
    void anAllowedHostSkipsThePolicy() {
        List<InetAddress> addresses = new VettedResolver(resolver, HostAllowList.parse("INTRANET.test"))
                .resolve("intranet.test");
        assertThat(addresses).extracting(InetAddress::getHostAddress).containsExactly("192.168.1.10");
    }

    @Test
    void numericHostsAreReadAsInetAtonReadsThemThenVetted() {
        VettedResolver vetted = new VettedResolver(resolver, HostAllowList.NONE);
        // Octal, hexadecimal and shortened forms of 127.0.0.1, as browsers and curl connect to them.
        for (String host : new String[] {"0177.0.0.1", "0x7f.0.0.1", "0x7f.1", "127.1", "2130706433", "0x7F000001"}) {
            assertThatThrownBy(() -> vetted.resolve(host)).as(host)
                    .isInstanceOf(UrlRefusedException.class).hasMessageContaining("a loopback address");
        }
        assertThatThrownBy(() -> vetted.resolve("012.0.0.1")).hasMessageContaining("a private address");
        assertThat(vetted.resolve("010.010.010.010")).extracting(InetAddress::getHostAddress).containsExactly("8.8.8.8");
        assertThat(vetted.resolve("0x08080808")).extracting(InetAddress::getHostAddress).containsExactly("8.8.8.8");
        assertThatThrownBy(() -> vetted.resolve("1.2.3.256")).isInstanceOf(InvalidUrlException.class);
        assertThatThrownBy(() -> vetted.resolve("1.0x1000000")).isInstanceOf(InvalidUrlException.class);
        assertThat(lookups).as("numeric hosts are never looked up").isEmpty();
    }

    @Test
    void ipLiteralsAreCheckedWithoutALookup() {
        VettedResolver vetted = new VettedResolver(resolver, HostAllowList.parse("127.0.0.1"));
        assertThatThrownBy(() -> vetted.resolve("127.0.0.2"))
                .isInstanceOf(UrlRefusedException.class)
                .hasMessage("URL host 127.0.0.2 is a loopback address (127.0.0.0/8); only public addresses are fetched"
                        + " (the server's operator can allow this host with serve --fetch-allow 127.0.0.2)");
        assertThatThrownBy(() -> vetted.resolve("::1")).isInstanceOf(UrlRefusedException.class);
        assertThatThrownBy(() -> vetted.resolve("169.254.169.254")).hasMessageContaining("cloud metadata");
        assertThat(vetted.resolve("127.0.0.1")).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
        assertThat(vetted.resolve("8.8.8.8")).hasSize(1);
        assertThat(lookups).isEmpty();
    }

    @Test
    void anOutOfRangeDottedQuadIsNoAddress() {
        assertThatThrownBy(() -> new VettedResolver(resolver, HostAllowList.NONE).resolve("999.1.1.1"))
                .isInstanceOf(InvalidUrlException.class);
        assertThat(lookups).isEmpty();
    }

    @Test
    void unknownOrEmptyHostsFailToFetch() {
        VettedResolver vetted = new VettedResolver(resolver, HostAllowList.NONE);
        assertThatThrownBy(() -> vetted.resolve("unknown.test"))
                .isInstanceOf(UrlFetchException.class)
                .hasMessageContaining("could not be resolved");
        assertThatThrownBy(() -> vetted.resolve("nothing.test")).isInstanceOf(UrlFetchException.class);
    }
}
