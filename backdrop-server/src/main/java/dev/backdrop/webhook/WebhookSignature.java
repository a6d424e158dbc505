package dev.backdrop.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code x-backdrop-signature} header of a webhook call: {@code t=<unix seconds>,v1=<hex>} where
 * the hex is HMAC-SHA256 of {@code "<t>.<body>"} keyed with the API key's webhook secret. The time
 * inside the signed text lets a receiver refuse replays of old calls.
 */
public final class WebhookSignature {

    public static final String HEADER = "x-backdrop-signature";

    private WebhookSignature() {
    }

    public static String header(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac(secret, unixSeconds, body));
    }

    /** Whether {@code header} is a valid signature of {@code body} with {@code secret}; the time is not judged here. */
    public static boolean verify(String secret, String header, byte[] body) {
        Long t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String p = part.strip();
            if (p.startsWith("t=")) {
                try {
                    t = Long.parseLong(p.substring(2));
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (p.startsWith("v1=")) {
                v1 = p.substring(3);
            }
        }
        if (t == null || v1 == null) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(v1);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, mac(secret, t, body));
    }

    private static byte[] mac(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
