package dev.backdrop.accounts;

/**
 * A key just created: the only moment its plain text exists. Show it to its owner once; only its
 * hash is kept.
 */
public record IssuedKey(String plainKey, ApiKey key, long credits) {

    @Override
    public String toString() {
        return "IssuedKey[" + key + ", credits=" + credits + "]";
    }
}
