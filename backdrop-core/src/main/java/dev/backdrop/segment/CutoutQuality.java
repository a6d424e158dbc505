package dev.backdrop.segment;

/** How much model time a cut-out may take. */
public enum CutoutQuality {

    /** One model pass: the default, within the cut-out's time budget. */
    STANDARD {
        @Override
        public Segmenter apply(Segmenter segmenter) {
            return segmenter;
        }
    },

    /** Two model passes (the photo and its mirror image), averaged. */
    HIGH {
        @Override
        public Segmenter apply(Segmenter segmenter) {
            return new MirrorAveragedSegmenter(segmenter);
        }
    };

    /** The segmenter to cut out with at this quality. */
    public abstract Segmenter apply(Segmenter segmenter);
}
