/*
 * The machine's float32 multiply-add peak: each thread keeps twelve independent vectors of fused
 * multiply-adds in registers, enough to cover the instruction's latency on both FMA pipes, so the
 * figure is what the cores can compute, the bound any float32 convolution runs under.
 *
 *   cc -O3 -march=native -pthread -o fma_peak fma_peak.c && ./fma_peak 2
 */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define ROUNDS 300000000L
#define CHAINS 12

#if defined(__AVX512F__)
typedef __m512 vec;
#define LANES 16
#define SET1 _mm512_set1_ps
#define FMA _mm512_fmadd_ps
#define FIRST(v) _mm512_cvtss_f32(v)
#elif defined(__FMA__)
typedef __m256 vec;
#define LANES 8
#define SET1 _mm256_set1_ps
#define FMA _mm256_fmadd_ps
#define FIRST(v) _mm256_cvtss_f32(v)
#else
#error "needs AVX-512 or AVX2 with FMA: compile with -march=native on an x86-64 machine that has them"
#endif

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *chains(void *result) {
    vec acc[CHAINS];
    vec scale = SET1(0.9999999f), shift = SET1(1e-7f);
    for (int i = 0; i < CHAINS; i++) {
        acc[i] = SET1((float) i);
    }
    for (long r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < CHAINS; i++) {
            acc[i] = FMA(acc[i], scale, shift);
        }
    }
    float sum = 0; /* kept, so the compiler cannot drop the loop */
    for (int i = 0; i < CHAINS; i++) {
        sum += FIRST(acc[i]);
    }
    *(float *) result = sum;
    return NULL;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    if (threads < 1 || threads > 256) {
        fprintf(stderr, "usage: fma_peak [THREADS]\n");
        return 2;
    }
    pthread_t *ids = malloc(threads * sizeof *ids);
    float *sums = malloc(threads * sizeof *sums);
    double start = seconds();
    for (int t = 0; t < threads; t++) {
        pthread_create(&ids[t], NULL, chains, &sums[t]);
    }
    for (int t = 0; t < threads; t++) {
        pthread_join(ids[t], NULL);
    }
    double elapsed = seconds() - start;
    double flops = 2.0 * LANES * CHAINS * (double) ROUNDS * threads;
    printf("%d thread(s), %d-lane float32 FMA: %.1f GFLOP/s (%.2f s; checksum %g)\n",
           threads, LANES, flops / elapsed / 1e9, elapsed, sums[0]);
    free(ids);
    free(sums);
    return 0;
}
