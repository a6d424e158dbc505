package dev.backdrop.eval;

import java.util.List;

/** One photo's scores, one per method evaluated, in the report's method order. */
public record ImageScores(String name, List<MaskScore> scores) {

    public ImageScores {
        scores = List.copyOf(scores);
    }
}
