package dev.backdrop.diffusion.noise;

/**
 * The 32-bit Mersenne Twister MT19937 (Matsumoto and Nishimura, 1998) with its standard
 * {@code init_genrand} seeding. Not thread-safe.
 */
public final class MersenneTwister {

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] state = new int[N];
    private int index;

    public MersenneTwister(long seed) {
        state[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            state[i] = 1812433253 * (state[i - 1] ^ (state[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    /** The next 32 random bits, as an unsigned value. */
    public long nextUnsignedInt() {
        if (index >= N) {
            twist();
        }
        int y = state[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xffffffffL;
    }

    /** The reference recurrence, in three runs so that no index needs a modulo (a third of the time). */
    private void twist() {
        int i = 0;
        for (; i < N - M; i++) {
            state[i] = mix(state[i], state[i + 1], state[i + M]);
        }
        for (; i < N - 1; i++) {
            state[i] = mix(state[i], state[i + 1], state[i + M - N]);
        }
        state[N - 1] = mix(state[N - 1], state[0], state[M - 1]);
        index = 0;
    }

    private static int mix(int current, int following, int distant) {
        int y = (current & UPPER_MASK) | (following & LOWER_MASK);
        int next = distant ^ (y >>> 1);
        return (y & 1) == 0 ? next : next ^ MATRIX_A;
    }
}
