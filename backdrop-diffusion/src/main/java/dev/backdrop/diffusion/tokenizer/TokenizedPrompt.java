package dev.backdrop.diffusion.tokenizer;

import java.util.Arrays;

/**
 * A prompt as the text encoder takes it: {@code ids} padded to the tokenizer's maximum length and
 * {@code attentionMask} with 1 for the start token, the words and the end token, 0 for padding.
 */
public record TokenizedPrompt(int[] ids, int[] attentionMask) {

    public TokenizedPrompt {
        if (ids.length != attentionMask.length) {
            throw new IllegalArgumentException("ids and attention mask differ in length");
        }
        ids = ids.clone();
        attentionMask = attentionMask.clone();
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    @Override
    public int[] attentionMask() {
        return attentionMask.clone();
    }

    /** The number of tokens before padding, start and end tokens included. */
    public int length() {
        int count = 0;
        for (int bit : attentionMask) {
            count += bit;
        }
        return count;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenizedPrompt that
                && Arrays.equals(ids, that.ids) && Arrays.equals(attentionMask, that.attentionMask);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(attentionMask);
    }

    @Override
    public String toString() {
        return "TokenizedPrompt" + Arrays.toString(Arrays.copyOf(ids, length()));
    }
}
