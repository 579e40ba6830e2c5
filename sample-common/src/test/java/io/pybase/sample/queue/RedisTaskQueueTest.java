package io.pybase.sample.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybase.sample.task.TaskMessage;
import io.pybase.sample.testing.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisTaskQueueTest {

  private static RedisServerProcess redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServerProcess.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  private static RedisTaskQueue queue(String prefix, Duration ttl) {
    return RedisTaskQueue.connect(redis.uri(), prefix, ttl);
  }

  @Test
  void deliversInOrderAndForgetsAcknowledgedTasks() throws Exception {
    try (RedisTaskQueue q = queue("order", Duration.ofSeconds(10))) {
      q.consumerStarted("jobs", "c1");
      q.push("jobs", TaskMessage.create("a", Map.of("n", "1")));
      q.push("jobs", TaskMessage.create("b", Map.of("n", "2")));
      assertThat(q.length("jobs")).isEqualTo(2);

      Delivery first = q.take("jobs", "c1", Duration.ofSeconds(1));
      assertThat(first.message().name()).isEqualTo("a");
      assertThat(q.length("jobs")).isEqualTo(1);
      assertThat(q.processing("jobs", "c1")).extracting(TaskMessage::name).containsExactly("a");

      q.ack(first);
      assertThat(q.processing("jobs", "c1")).isEmpty();
      assertThat(q.take("jobs", "c1", Duration.ofSeconds(1)).message().name()).isEqualTo("b");
      assertThat(q.take("jobs", "c1", Duration.ofMillis(200))).isNull();
    }
  }

  @Test
  void retryQueuesTheNextAttemptAndReleasesTheTakenOne() throws Exception {
    try (RedisTaskQueue q = queue("retry", Duration.ofSeconds(10))) {
      q.consumerStarted("jobs", "c1");
      q.push("jobs", TaskMessage.create("a", Map.of()));
      Delivery d = q.take("jobs", "c1", Duration.ofSeconds(1));

      q.retry(d, d.message().nextAttempt());

      assertThat(q.processing("jobs", "c1")).isEmpty();
      Delivery again = q.take("jobs", "c1", Duration.ofSeconds(1));
      assertThat(again.message().id()).isEqualTo(d.message().id());
      assertThat(again.message().attempt()).isEqualTo(2);
    }
  }

  @Test
  void returnsTheTasksOfADeadConsumerOneAttemptLaterAndOnlyOnce() throws Exception {
    Duration ttl = Duration.ofMillis(600);
    RedisTaskQueue dying = queue("dead", ttl);
    try (RedisTaskQueue survivor = queue("dead", ttl)) {
      dying.consumerStarted("jobs", "dying-1");
      survivor.consumerStarted("jobs", "survivor-1");
      TaskMessage task = TaskMessage.create("extract_document", Map.of("file_type", "txt"));
      survivor.push("jobs", task);
      Delivery taken = dying.take("jobs", "dying-1", Duration.ofSeconds(1));
      assertThat(taken.message().id()).isEqualTo(task.id());

      List<TaskMessage> requeued = new ArrayList<>();
      List<Long> held = new ArrayList<>();
      assertThat(survivor.recoverAbandoned("jobs", (m, n) -> { requeued.add(m); held.add(n); }))
          .as("a consumer whose heartbeat is alive keeps its task").isZero();

      dying.close();   // the process dies: heartbeats stop, no ack
      Thread.sleep(ttl.toMillis() + 400);

      assertThat(survivor.recoverAbandoned("jobs", (m, n) -> { requeued.add(m); held.add(n); })).isEqualTo(1);
      assertThat(requeued).singleElement().satisfies(m -> {
        assertThat(m.id()).isEqualTo(task.id());
        assertThat(m.attempt()).isEqualTo(2);
      });
      assertThat(held.get(0)).isPositive();
      assertThat(survivor.consumers("jobs")).containsExactly("survivor-1");
      assertThat(survivor.recoverAbandoned("jobs", (m, n) -> requeued.add(m))).isZero();

      Delivery redelivered = survivor.take("jobs", "survivor-1", Duration.ofSeconds(1));
      assertThat(redelivered.message().id()).isEqualTo(task.id());
      assertThat(redelivered.message().payload()).isEqualTo(task.payload());
      survivor.ack(redelivered);
      assertThat(survivor.length("jobs")).isZero();
    }
  }

  @Test
  void replyReachesTheWaitingRequester() throws Exception {
    try (RedisTaskQueue q = queue("reply", Duration.ofSeconds(10))) {
      CompletableFuture<java.util.Optional<String>> answer = CompletableFuture.supplyAsync(() -> {
        try {
          return q.awaitReply("r1", Duration.ofSeconds(5));
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(200);
      q.reply("r1", "[1,2]");
      assertThat(answer.get()).contains("[1,2]");
      assertThat(q.awaitReply("nobody", Duration.ofMillis(300))).isEmpty();
    }
  }
}
