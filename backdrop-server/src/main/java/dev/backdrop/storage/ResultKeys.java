package dev.backdrop.storage;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Random;

/**
 * Names new objects: {@code results/yyyy/mm/dd/<id>-<n>.<ext>} for the images of one request and
 * {@code inputs/yyyy/mm/dd/<id>-<n>.<ext>} for uploaded inputs. The date (UTC) lets operators expire
 * old files by folder or bucket lifecycle rule; the 96-bit random id makes a result's URL
 * unguessable, since {@code /files/...} asks for no key.
 */
public final class ResultKeys {

    /** The top folders of the two kinds of object, which retention keeps for different times. */
    public static final String RESULTS = "results";
    public static final String INPUTS = "inputs";


    private static final int ID_BYTES = 12;

    private final Clock clock;
    private final Random random;

    public ResultKeys() {
        this(Clock.systemUTC(), new SecureRandom());
    }

    public ResultKeys(Clock clock, Random random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A fresh name for the results of one request. */
    public Batch newResults() {
        return newBatch(RESULTS);
    }

    /** A fresh name for the inputs of one job. */
    public Batch newInputs() {
        return newBatch(INPUTS);
    }

    private Batch newBatch(String area) {
        LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        byte[] id = new byte[ID_BYTES];
        random.nextBytes(id);
        return new Batch(String.format("%s/%04d/%02d/%02d/%s",
                area, day.getYear(), day.getMonthValue(), day.getDayOfMonth(), HexFormat.of().formatHex(id)));
    }

    /** The shared stem of one batch's keys, e.g. {@code results/2025/11/22/3f9c0a7e41d2b8c65e0f1a93}. */
    public record Batch(String stem) {

        public Batch {
            ObjectKey.of(stem);
        }

        /** The key of the batch's {@code index}-th file, e.g. {@code <stem>-0.png}. */
        public String key(int index, KnownFileType type) {
            return key(index, type.extension());
        }

        public String key(int index, String extension) {
            if (index < 0) {
                throw new IllegalArgumentException("index must be >= 0, not " + index);
            }
            return ObjectKey.of(stem + "-" + index + "." + extension).value();
        }
    }
}
