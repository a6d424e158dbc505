package dev.backdrop.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backdrop.service.OverloadedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    @Test
    void refusesWorkBeyondWorkersPlusCapacityAndAcceptsItAgainLater() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (WorkQueue queue = new WorkQueue(1, 2)) {
            List<CompletableFuture<Integer>> accepted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int n = i;
                accepted.add(queue.submit(() -> {
                    release.await();
                    return n;
                }));
            }
            assertThat(queue.depth()).isEqualTo(3);
            assertThatThrownBy(() -> queue.submit(() -> 99))
                    .isInstanceOf(OverloadedException.class)
                    .satisfies(e -> assertThat(((OverloadedException) e).retryAfterSeconds()).isPositive());
            release.countDown();
            for (int i = 0; i < 3; i++) {
                assertThat(accepted.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(i);
            }
            assertThat(queue.submit(() -> 7).get(5, TimeUnit.SECONDS)).isEqualTo(7);
        }
    }

    @Test
    void failuresReachTheCallerAndDrainFinishesAcceptedWork() throws Exception {
        WorkQueue queue = new WorkQueue(2, 4);
        CompletableFuture<Object> failing = queue.submit(() -> {
            throw new IllegalStateException("boom");
        });
        CompletableFuture<String> slow = queue.submit(() -> {
            Thread.sleep(300);
            return "done";
        });
        queue.drain(10);
        assertThat(slow).isCompletedWithValue("done");
        assertThat(failing).isCompletedExceptionally();
        assertThat(queue.depth()).isZero();
    }
}
