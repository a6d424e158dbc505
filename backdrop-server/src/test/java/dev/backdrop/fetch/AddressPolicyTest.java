package dev.backdrop.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The policy on addresses alone: every address here is parsed from a literal, nothing is resolved or connected to. */
class AddressPolicyTest {

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            169.254.169.254          | a cloud metadata address (169.254.169.254/32)
            100.100.100.200          | a cloud metadata address
            10.0.0.1                 | a private address (10.0.0.0/8)
            10.255.255.255           | a private address
            172.16.0.1               | a private address (172.16.0.0/12)
            172.31.255.255           | a private address
            192.168.1.1              | a private address (192.168.0.0/16)
            100.64.0.1               | a carrier-grade NAT (shared) address (100.64.0.0/10)
            100.127.255.255          | carrier-grade NAT
            127.0.0.1                | a loopback address (127.0.0.0/8)
            127.0.0.2                | a loopback address
            127.255.255.254          | a loopback address
            0.0.0.0                  | "this network"
            0.1.2.3                  | "this network"
            169.254.0.1              | a link-local address (169.254.0.0/16)
            169.254.170.2            | a link-local address
            224.0.0.1                | a multicast address (224.0.0.0/4)
            239.255.255.250          | a multicast address
            255.255.255.255          | the broadcast address
            240.0.0.1                | a reserved address (240.0.0.0/4)
            192.0.0.8                | an IETF protocol address
            192.0.2.1                | a documentation address (192.0.2.0/24)
            198.51.100.7             | a documentation address (198.51.100.0/24)
            203.0.113.9              | a documentation address (203.0.113.0/24)
            198.18.0.1               | a benchmarking address (198.18.0.0/15)
            198.19.255.255           | a benchmarking address
            192.88.99.1              | a 6to4 relay address
            ::                       | the unspecified address
            ::1                      | a loopback address (::1/128)
            fe80::1                  | a link-local address (fe80::/10)
            febf:ffff::1             | a link-local address
            fc00::1                  | a unique-local address (fc00::/7)
            fd00::1                  | a unique-local address
            fd12:3456:789a::1        | a unique-local address
            fd00:ec2::254            | a cloud metadata address (fd00:ec2::254/128)
            fec0::1                  | a site-local address
            ff02::1                  | a multicast address (ff00::/8)
            ff05::1:3                | a multicast address
            ::127.0.0.1              | an IPv6 form of 127.0.0.1, a loopback address
            ::10.0.0.1               | an IPv6 form of 10.0.0.1, a private address
            ::2                      | an IPv6 form of 0.0.0.2, a "this network" address
            64:ff9b::10.0.0.1        | an IPv6 form of 10.0.0.1, a private address
            64:ff9b::a9fe:a9fe       | an IPv6 form of 169.254.169.254, a cloud metadata address
            64:ff9b:1::1             | a local-use NAT64 address
            2002:a00:1::1            | an IPv6 form of 10.0.0.1, a private address
            2002:7f00:1::            | an IPv6 form of 127.0.0.1, a loopback address
            2002:a9fe:a9fe::1        | an IPv6 form of 169.254.169.254, a cloud metadata address
            2001:db8::1              | a documentation address (2001:db8::/32)
            3fff::1                  | a documentation address (3fff::/20)
            2001:0:4136:e378:8000:63bf:3fff:fdd2 | a Teredo tunnel address
            2001:2::1                | a benchmarking address
            2001:10::1               | an IETF protocol address
            100::1                   | a discard-only address
            4000::1                  | a reserved address (outside 2000::/3)
            e000::1                  | a reserved address
            """)
    void refusesAddressesThatAreNotPublic(String literal, String reason) throws UnknownHostException {
        InetAddress address = InetAddress.getByName(literal);
        assertThat(AddressPolicy.refusal(address)).hasValueSatisfying(why -> assertThat(why).contains(reason));
        assertThat(AddressPolicy.allows(address)).isFalse();
    }

    @ParameterizedTest(name = "{0} is allowed")
    @ValueSource(strings = {
        "8.8.8.8", "1.1.1.1", "93.184.216.34", "11.0.0.1", "126.255.255.255", "128.0.0.1",
        "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "169.253.255.255", "169.255.0.1",
        "192.167.255.255", "192.169.0.1", "192.0.3.1", "198.17.255.255", "198.20.0.1", "223.255.255.255",
        "2606:4700:4700::1111", "2001:4860:4860::8888", "2a00:1450:4001::1", "2001:200::1",
        "64:ff9b::8.8.8.8", "2002:808:808::1", "::8.8.8.8"})
    void allowsPublicAddresses(String literal) throws UnknownHostException {
        InetAddress address = InetAddress.getByName(literal);
        assertThat(AddressPolicy.refusal(address)).isEmpty();
        assertThat(AddressPolicy.allows(address)).isTrue();
    }

    /** The JDK turns {@code ::ffff:a.b.c.d} into an IPv4 address; an address built from 16 bytes keeps the IPv6 form. */
    @ParameterizedTest(name = "::ffff:{0}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1        | an IPv6 form of 127.0.0.1, a loopback address
            10.0.0.1         | an IPv6 form of 10.0.0.1, a private address
            169.254.169.254  | an IPv6 form of 169.254.169.254, a cloud metadata address
            0.0.0.0          | an IPv6 form of 0.0.0.0, a "this network" address
            100.64.0.1       | carrier-grade NAT
            """)
    void refusesIpv4MappedAddressesInBothForms(String ipv4, String reason) throws UnknownHostException {
        InetAddress parsed = InetAddress.getByName("::ffff:" + ipv4);
        assertThat(parsed).isInstanceOf(Inet4Address.class);
        assertThat(AddressPolicy.allows(parsed)).isFalse();

        Inet6Address mapped = Inet6Address.getByAddress(null, mapped(ipv4), -1);
        assertThat(AddressPolicy.refusal(mapped)).hasValueSatisfying(why -> assertThat(why).contains(reason));
    }

    @Test
    void allowsIpv4MappedFormOfAPublicAddress() throws UnknownHostException {
        assertThat(AddressPolicy.allows(Inet6Address.getByAddress(null, mapped("8.8.8.8"), -1))).isTrue();
    }

    @Test
    void linkLocalWithAZoneIsStillRefused() throws UnknownHostException {
        Inet6Address zoned = Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 1);
        assertThat(AddressPolicy.allows(zoned)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ::                     | ::
            ::1                    | ::1
            fd00:ec2::254          | fd00:ec2::254
            2001:db8:0:0:1:0:0:1   | 2001:db8::1:0:0:1
            1:0:0:2:0:0:0:3        | 1:0:0:2::3
            fe80:0:0:0:0:0:0:0     | fe80::
            1:2:3:4:5:6:7:8        | 1:2:3:4:5:6:7:8
            1:0:2:3:4:5:6:7        | 1:0:2:3:4:5:6:7
            127.0.0.2              | 127.0.0.2
            """)
    void writesAddressesShortly(String literal, String text) throws UnknownHostException {
        assertThat(AddressPolicy.text(InetAddress.getByName(literal).getAddress())).isEqualTo(text);
    }

    private static byte[] mapped(String ipv4) throws UnknownHostException {
        byte[] v4 = InetAddress.getByName(ipv4).getAddress();
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xFF;
        v6[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }
}
