package dev.backdrop.diffusion.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-pair encoding of one word (Sennrich et al., 2016) as CLIP applies it: the word's last
 * symbol carries the end-of-word mark {@code </w>}, and the adjacent pair with the best (lowest)
 * merge rank is joined until no ranked pair is left. Thread-safe.
 */
final class BytePairEncoder {

    static final String END_OF_WORD = "</w>";
    private static final int MAX_CACHED_WORDS = 50_000;

    private final Map<String, Integer> ranks;
    private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

    /** @param ranks merge rank of each pair, keyed {@code "left right"}; not copied, not to be changed */
    BytePairEncoder(Map<String, Integer> ranks) {
        this.ranks = ranks;
    }

    int merges() {
        return ranks.size();
    }

    /** The symbols of a word given in byte-alphabet characters; the last one ends with {@code </w>}. */
    List<String> encode(String word) {
        if (word.isEmpty()) {
            return List.of();
        }
        if (cache.size() > MAX_CACHED_WORDS) {
            // Prompts repeat few words; a bound keeps a long-running server from growing forever.
            cache.clear();
        }
        return cache.computeIfAbsent(word, this::merge);
    }

    private List<String> merge(String word) {
        List<String> symbols = new ArrayList<>(word.length());
        for (int i = 0; i < word.length() - 1; i++) {
            symbols.add(String.valueOf(word.charAt(i)));
        }
        symbols.add(word.charAt(word.length() - 1) + END_OF_WORD);
        while (symbols.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            String bestLeft = null;
            String bestRight = null;
            for (int i = 0; i < symbols.size() - 1; i++) {
                Integer rank = ranks.get(symbols.get(i) + " " + symbols.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    bestLeft = symbols.get(i);
                    bestRight = symbols.get(i + 1);
                }
            }
            if (bestLeft == null) {
                break;
            }
            // Join every occurrence of the pair, left to right.
            List<String> merged = new ArrayList<>(symbols.size());
            int i = 0;
            while (i < symbols.size()) {
                if (i < symbols.size() - 1 && symbols.get(i).equals(bestLeft) && symbols.get(i + 1).equals(bestRight)) {
                    merged.add(bestLeft + bestRight);
                    i += 2;
                } else {
                    merged.add(symbols.get(i));
                    i++;
                }
            }
            symbols = merged;
        }
        return List.copyOf(symbols);
    }
}
