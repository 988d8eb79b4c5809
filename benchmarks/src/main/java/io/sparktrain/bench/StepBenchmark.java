package io.sparktrain.bench;

import io.sparktrain.exchange.LocalGroup;
import io.sparktrain.model.InputShape;
import io.sparktrain.train.MultiLayerReplica;
import io.sparktrain.train.fused.FusedStep;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntToDoubleFunction;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training step of the engine benchmark's networks (the MLP and the LeNet CNN, Adam 1e-3,
 * batch 64) on one thread, three ways: DL4J's {@code fit(DataSet)}, sparktrain's fused step
 * ({@link FusedStep}: DL4J's forward and backward, sparktrain's update), and DL4J's forward and
 * backward alone (the floor any update leaves). Batches are real MNIST rows, gathered as the
 * engine's workers gather theirs ({@link StepData}): a step's cost depends on the values it
 * meets, through subnormal floats, so a ceiling measured on other data is no ceiling.
 *
 * <p>First it checks that the fused step computes what {@code fit} does (the parameters after
 * three steps from the same start); then it times interleaved rounds, so that load from other
 * processes falls on all three alike, and prints the median samples/s and the median of the
 * per-round ratios over {@code fit}.
 *
 * <p>{@code NETWORK} alone ({@code mlp} or {@code cnn}) compares that network only.
 *
 * <p>{@code --solo NETWORK SECONDS [START_EPOCH_MS]} runs the engine's step (the fused step, with
 * the own dense pass where it covers the network) alone for that long
 * (from that instant, after its warm-up) and prints one line,
 * {@code solo NETWORK SAMPLES_PER_S}: {@code benchmarks/run.sh} starts one, then two at once, for
 * the machine-ceiling row (two independent single-thread trainers, no Spark).
 *
 * <p>{@code --threads NETWORK SECONDS} runs the same step on one thread, then on two threads of
 * this one JVM at once (each its own network and batches), and prints both rates: what two
 * replicas in one executor JVM can reach, against the ceiling's two processes. A shortfall here
 * is the JVM's or ND4J's (allocator, native locks, GC), not Spark's or the exchange's.
 *
 * <p>{@code --sync NETWORK SECONDS EVERY [SLACK]} runs two threads of this JVM four ways, in two
 * rounds (the second in the opposite order): independent; meeting at a barrier every {@code EVERY}
 * steps; meeting there to average their parameters and updater state in place through
 * {@link LocalGroup#averageInPlace}, the call local mode's tasks make, without Spark; and meeting
 * with slack, a thread waiting only while the other is more than {@code SLACK} meetings behind.
 * It prints each way's share of the independent pair's samples/s per round. Between the ceiling
 * and the race this separates what synchrony costs on the machine (the pair runs at its slower
 * core's pace every round), what the averaging adds, and what is left for the engine.
 */
public final class StepBenchmark {

  private static final int BATCH = 64;
  private static final int BATCHES = 16;
  private static final int ROUNDS = 5;

  private StepBenchmark() {}

  public static void main(String[] args) {
    if (!FusedStep.AVAILABLE) {
      System.err.println("StepBenchmark needs --add-modules jdk.incubator.vector");
      System.exit(2);
    }
    if ((args.length == 3 || args.length == 4) && args[0].equals("--solo")) {
      BenchNetwork network = network(args[1]);
      long start = args.length == 4 ? Long.parseLong(args[3]) : 0;
      System.out.printf("solo %s %.0f%n", network.key(),
          solo(network, Double.parseDouble(args[2]), start));
      return;
    }
    if (args.length == 3 && args[0].equals("--threads")) {
      BenchNetwork network = network(args[1]);
      double seconds = Double.parseDouble(args[2]);
      double[] one = together(network, seconds, 1);
      double[] two = together(network, seconds, 2);
      System.out.printf("threads %s: one alone %.0f samples/s; two in one JVM %.0f + %.0f = %.0f"
          + " (%.2fx one alone)%n", network.key(), one[0], two[0], two[1], two[0] + two[1],
          (two[0] + two[1]) / one[0]);
      return;
    }
    if ((args.length == 4 || args.length == 5) && args[0].equals("--sync")) {
      int slack = args.length == 5 ? Integer.parseInt(args[4]) : 1;
      if (slack < 0) {
        throw new IllegalArgumentException("--sync SLACK: " + slack + " meetings; at least 0");
      }
      sync(network(args[1]), Double.parseDouble(args[2]), Integer.parseInt(args[3]), slack);
      return;
    }
    List<BenchNetwork> networks = args.length == 1 ? List.of(network(args[0]))
        : List.of(BenchNetwork.mlp(), BenchNetwork.cnn());
    for (BenchNetwork network : networks) {
      compare(network, network.key().equals("mlp") ? 150 : 15);
    }
  }

  private static BenchNetwork network(String key) {
    return switch (key) {
      case "mlp" -> BenchNetwork.mlp();
      case "cnn" -> BenchNetwork.cnn();
      default -> throw new IllegalArgumentException("network must be mlp or cnn, found " + key);
    };
  }

  private static void compare(BenchNetwork network, int steps) {
    List<DataSet> batches = data(network).fixed(BATCHES, BATCH);
    MultiLayerNetwork viaFit = build(network);
    MultiLayerNetwork viaFused = build(network);
    MultiLayerNetwork gradientOnly = build(network);
    FusedStep fused = FusedStep.of(viaFused);
    System.out.printf("%n== %s, batch %d, one thread ==%n", network.description(), BATCH);
    System.out.printf("same answer: largest parameter difference after 3 steps, fit against"
        + " fused %.2e, fit against fit %.2e (above 0 where DL4J's dropout masks do not repeat)%n",
        difference(network, batches, true), difference(network, batches, false));
    List<Consumer<DataSet>> candidates = new ArrayList<>(List.of(
        viaFit::fit,
        stepOf(fused),
        b -> {
          gradientOnly.setInput(b.getFeatures());
          gradientOnly.setLabels(b.getLabels());
          gradientOnly.computeGradientAndScore();
        }));
    List<String> names = new ArrayList<>(List.of("DL4J fit(DataSet)", "sparktrain fused step",
        "forward + backward only"));
    MultiLayerNetwork viaOwn = build(network);
    FusedStep own = FusedStep.of(viaOwn, true);
    if (own.ownsForwardBackward()) {
      candidates.add(stepOf(own));
      names.add("fused step, own fwd/bwd");
    } else {
      System.out.println("own forward/backward does not cover this network: "
          + FusedStep.forwardBackwardUnsupported(viaOwn));
    }
    if (network.image()) {
      // The same network with DL4J's own convolution instead of GemmConvolution: before/after.
      MultiLayerNetwork dl4jConvFit = network.build(shape(network), "dl4j");
      FusedStep dl4jConvFused = FusedStep.of(network.build(shape(network), "dl4j"));
      candidates.add(0, dl4jConvFit::fit);
      names.add(0, "DL4J fit, DL4J's conv");
      candidates.add(2, stepOf(dl4jConvFused));
      names.add(2, "fused step, DL4J's conv");
      names.set(1, "DL4J fit, GEMM conv");
      names.set(3, "fused step, GEMM conv");
      names.set(4, "forward + backward, GEMM conv");
    }
    List<IntToDoubleFunction> rounds = new ArrayList<>();
    for (Consumer<DataSet> candidate : candidates) {
      rounds.add(n -> rate(candidate, batches, n));
    }
    TorchSteps torch = network.key().equals("mlp") ? TorchSteps.start() : null;
    if (torch != null) {
      rounds.add(torch::round);
      names.add("PyTorch 1 thread");
    }
    double[][] rates = new double[rounds.size()][ROUNDS];
    for (int round = -1; round < ROUNDS; round++) {
      for (int c = 0; c < rounds.size(); c++) {
        double rate = rounds.get(c).applyAsDouble(steps);
        if (round >= 0) {
          rates[c][round] = rate;
        }
      }
    }
    if (torch != null) {
      torch.close();
    }
    System.out.printf("%-30s %10s %8s%n", "step", "samples/s", "ratio");
    for (int c = 0; c < rounds.size(); c++) {
      double[] ratios = new double[ROUNDS];
      for (int r = 0; r < ROUNDS; r++) {
        ratios[r] = rates[c][r] / rates[0][r];
      }
      System.out.printf("%-30s %,10.0f %7.2fx%n", names.get(c), median(rates[c]),
          median(ratios));
    }
    System.out.printf("(medians of %d interleaved rounds of %d steps after one warm-up round;"
        + " ratio: median of per-round ratios over fit)%n", ROUNDS, steps);
    if (torch != null) {
      for (int c = 0; c < rounds.size() - 1; c++) {
        double[] ratios = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
          ratios[r] = rates[c][r] / rates[rounds.size() - 1][r];
        }
        System.out.printf("%-30s %7.2fx PyTorch (median of per-round ratios)%n", names.get(c),
            median(ratios));
      }
    }
  }

  /**
   * Largest absolute difference between fit's parameters after 3 steps and the fused step's
   * ({@code fused}) or a second fit's, both reseeded alike before each step.
   */
  private static double difference(BenchNetwork network, List<DataSet> batches, boolean fused) {
    MultiLayerNetwork a = build(network);
    MultiLayerNetwork b = build(network);
    Consumer<DataSet> other = fused ? stepOf(FusedStep.of(b)) : b::fit;
    for (int s = 0; s < 3; s++) {
      Nd4j.getRandom().setSeed(s);
      a.fit(batches.get(s));
      Nd4j.getRandom().setSeed(s);
      other.accept(batches.get(s));
    }
    return a.params().sub(b.params()).amaxNumber().doubleValue();
  }

  /**
   * Fused steps for {@code seconds} after a warm-up, from {@code startMillis} (epoch ms; 0 or a
   * time already past: at once), so that two processes time the same window.
   */
  private static double solo(BenchNetwork network, double seconds, long startMillis) {
    StepData data = data(network);
    MultiLayerNetwork trained = build(network);
    // The engine's own step (its dense pass where it covers the network, spark.sparktrain.densePass
    // by default): a ceiling measured with a slower step than the workers run is no ceiling.
    Consumer<DataSet> step = stepOf(FusedStep.of(trained, true));
    warmUp(step, data, network);
    long wait = startMillis - System.currentTimeMillis();
    if (wait > 0) {
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else if (startMillis > 0) {
      System.err.printf("solo started %d ms after the agreed start%n", -wait);
    }
    return window(step, data, seconds);
  }

  /** Samples/s of {@code step} over the next {@code seconds}, on the data's next batches. */
  private static double window(Consumer<DataSet> step, StepData data, double seconds) {
    long examples = 0;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      step.accept(data.next(BATCH));
      examples += BATCH;
    }
    return examples / ((System.nanoTime() - start) / 1e9);
  }

  /** Each of {@code threads} threads' samples/s, all timing the same window after a warm-up. */
  private static double[] together(BenchNetwork network, double seconds, int threads) {
    double[] rates = new double[threads];
    java.util.concurrent.CyclicBarrier ready = new java.util.concurrent.CyclicBarrier(threads);
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int slot = t;
      Thread thread = new Thread(() -> {
        StepData data = data(network);
        Consumer<DataSet> step = stepOf(FusedStep.of(build(network), true));
        warmUp(step, data, network);
        try {
          ready.await();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        rates[slot] = window(step, data, seconds);
      }, "step-" + t);
      running.add(thread);
    }
    runAll(running);
    return rates;
  }

  /**
   * How the two threads of {@code --sync} meet every so many steps. LAGGED lets a thread go on
   * while the other is at most SLACK meetings behind (default 1): what delayed averaging (a
   * round's average applied SLACK rounds later) would wait, less its extra copies of the state.
   */
  private enum Meeting { NONE, BARRIER, AVERAGE, LAGGED }

  private static final int MEETING_TIMEOUT_MILLIS = 60_000;
  /** How long a lagged thread parks between looks at the other's progress: a step is ~3 ms. */
  private static final long LAGGED_LOOK_NANOS = 20_000;

  private static void sync(BenchNetwork network, double seconds, int every, int slack) {
    Meeting[] meetings = Meeting.values();
    double[][] shares = new double[meetings.length][2];
    for (int round = 0; round < 2; round++) {
      // The second round runs the ways in the opposite order, so a drift of the machine's
      // speed within a round falls on both ends alike.
      double[] rates = new double[meetings.length];
      for (int i = 0; i < meetings.length; i++) {
        Meeting meeting = meetings[round == 0 ? i : meetings.length - 1 - i];
        double[] two = paired(network, seconds, every, slack, meeting,
            "sync-" + round + meeting);
        rates[meeting.ordinal()] = two[0] + two[1];
        System.out.printf("sync %s, round %d, %s every %d steps: %.0f + %.0f = %.0f samples/s%n",
            network.key(), round + 1, name(meeting, slack), every, two[0], two[1],
            two[0] + two[1]);
      }
      for (Meeting meeting : meetings) {
        shares[meeting.ordinal()][round] = rates[meeting.ordinal()] / rates[0];
      }
    }
    for (Meeting meeting : meetings) {
      double[] share = shares[meeting.ordinal()];
      System.out.printf("sync %s: %-16s %.2f and %.2f of independent (rounds 1 and 2)%n",
          network.key(), name(meeting, slack), share[0], share[1]);
    }
  }

  private static String name(Meeting meeting, int slack) {
    String name = meeting.name().toLowerCase(Locale.ROOT);
    return meeting == Meeting.LAGGED ? name + " (slack " + slack + ")" : name;
  }

  /**
   * Two threads' samples/s, each its own network and its own order of the rows, meeting every
   * {@code every} steps as {@code meeting} says. At a barrier or an average thread 0 decides,
   * before it arrives at a meeting, that this meeting is the window's last; a thread that left the
   * meeting before reads the decision about it, never a later one, so both stop at the same
   * meeting. Independent and lagged threads each stop at their first meeting past the window.
   */
  private static double[] paired(BenchNetwork network, double seconds, int every, int slack,
      Meeting meeting, String key) {
    double[] rates = new double[2];
    CyclicBarrier barrier = new CyclicBarrier(2);
    AtomicLongArray arrived = new AtomicLongArray(2);
    LocalGroup group = LocalGroup.join(key, 2, MEETING_TIMEOUT_MILLIS);
    AtomicLong lastMeeting = new AtomicLong(Long.MAX_VALUE);
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      int member = t;
      Thread thread = new Thread(() -> {
        StepData data = data(network, member);
        MultiLayerNetwork trained = build(network);
        Consumer<DataSet> step = stepOf(FusedStep.of(trained, true));
        warmUp(step, data, network);
        // The views the engine's tasks average: the trainable parameters, then updater state.
        FloatBuffer[] state = MultiLayerReplica.of(trained).stateViews();
        if (meeting == Meeting.AVERAGE) {
          for (int warm = 0; warm < 50; warm++) {
            group.averageInPlace(member, state, BATCH, 0);
          }
        }
        await(barrier);
        long examples = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        for (long held = 0; ; held++) {
          for (int s = 0; s < every; s++) {
            step.accept(data.next(BATCH));
          }
          examples += (long) every * BATCH;
          boolean late = System.nanoTime() >= end;
          if (meeting == Meeting.NONE || meeting == Meeting.LAGGED) {
            if (late) {
              // A lagged thread that stops holds the other back no longer: each stops at its
              // own first meeting past the window, as independent threads do.
              arrived.set(member, Long.MAX_VALUE);
              break;
            }
            if (meeting == Meeting.LAGGED) {
              awaitLagged(arrived, member, held, slack);
            }
            continue;
          }
          if (member == 0 && late) {
            lastMeeting.set(held);
          }
          if (meeting == Meeting.BARRIER) {
            await(barrier);
          } else {
            group.averageInPlace(member, state, every * BATCH, 0);
          }
          if (lastMeeting.get() == held) {
            break;
          }
        }
        rates[member] = examples / ((System.nanoTime() - start) / 1e9);
      }, key + "-" + t);
      running.add(thread);
    }
    runAll(running);
    group.leave(false);
    group.leave(false);
    return rates;
  }

  /** Starts every thread, then waits for all of them. */
  private static void runAll(List<Thread> threads) {
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits for the other thread; fails rather than hangs when that thread died. */
  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(MEETING_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
      throw new IllegalStateException("the other thread of --sync did not meet this one", e);
    }
  }

  /**
   * Marks meeting {@code held} reached and waits until the other thread is at most {@code slack}
   * meetings behind. It parks between looks, as the barrier's waiting thread does, so that a
   * spinning vCPU does not make the difference.
   */
  private static void awaitLagged(AtomicLongArray arrived, int member, long held, int slack) {
    arrived.set(member, held + 1);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MEETING_TIMEOUT_MILLIS);
    while (arrived.get(1 - member) < held + 1 - slack) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the other thread of --sync fell behind by more than "
            + slack + " meetings");
      }
      LockSupport.parkNanos(LAGGED_LOOK_NANOS);
    }
  }

  private static Consumer<DataSet> stepOf(FusedStep fused) {
    return b -> fused.step(b.getFeatures(), b.getLabels());
  }

  private static double rate(Consumer<DataSet> step, List<DataSet> batches, int steps) {
    long start = System.nanoTime();
    for (int s = 0; s < steps; s++) {
      step.accept(batches.get(s % batches.size()));
    }
    return (double) steps * BATCH / ((System.nanoTime() - start) / 1e9);
  }

  private static MultiLayerNetwork build(BenchNetwork network) {
    return network.build(shape(network));
  }

  private static InputShape shape(BenchNetwork network) {
    return network.image() ? InputShape.image(1, 28, 28) : InputShape.flat(784);
  }

  /**
   * A worker's share of the race's data: the first records of MNIST, as many as one of local[2]'s
   * two workers trains on in {@link EngineBenchmark}'s default race of this network.
   */
  private static StepData data(BenchNetwork network) {
    return data(network, 0);
  }

  /** The same rows in the order of worker {@code worker}: each thread of --sync its own. */
  private static StepData data(BenchNetwork network, int worker) {
    double train = 1 - network.job().data().validationFraction();
    int records = (int) (EngineBenchmark.DEFAULTS.get(network.key())[0] * train / 2);
    return StepData.mnist(records, network.seed() + worker);
  }

  private static void warmUp(Consumer<DataSet> step, StepData data, BenchNetwork network) {
    int steps = network.key().equals("mlp") ? 300 : 30;
    for (int s = 0; s < steps; s++) {
      step.accept(data.next(BATCH));
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
