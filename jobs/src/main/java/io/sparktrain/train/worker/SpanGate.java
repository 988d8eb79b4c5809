package io.sparktrain.train.worker;

import io.sparktrain.exchange.EpochGate;
import io.sparktrain.exchange.EpochReport;
import io.sparktrain.exchange.Handback;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * The driver's {@link EpochGate} for one several-epoch barrier stage. The driver posts an epoch's
 * orders; the tasks of the newest attempt ask for them, train, and report; the epoch is done when
 * rank 0's outcome and every task's report are in (or the outcome says it diverged), and the
 * driver, which waits for that, posts the next epoch's orders or stops the stage.
 *
 * <p>A newer attempt (Spark retried the stage after a task failed) starts the collection of the
 * posted epoch afresh: its tasks are answered with the posted epoch while it is not done, else
 * with the next one once posted. Tasks of an older attempt, which Spark is killing, are told to
 * stop.
 */
public final class SpanGate implements EpochGate {

  /** What an epoch of the stage gave, once done. */
  public record Epoch(EpochOutcome outcome, long outcomeNanos, List<byte[]> scores) {}

  private final int workers;
  private final OptionalLong inBroadcast;
  private Orders posted;
  private boolean done;
  private boolean stopped;
  private int attempt;
  private Handback outcome;
  private long outcomeNanos;
  private byte[][] reports;
  private int reported;
  private Epoch result;

  /**
   * @param inBroadcast the digest of the state the stage's broadcast carries, if it has one: orders
   *     for an epoch that starts from it go without the state, which a task reads from the
   *     broadcast (one send to each executor, not one to each task)
   */
  public SpanGate(int workers, OptionalLong inBroadcast) {
    this.workers = workers;
    this.inBroadcast = inBroadcast;
    this.reports = new byte[workers][];
  }

  /** Orders the tasks to train {@code orders}'s epoch (the orders carry the full state). */
  public synchronized void post(Orders orders) {
    if (orders.stop() || orders.state() == null) {
      throw new IllegalArgumentException("post an epoch's orders with its state; stop() stops");
    }
    posted = orders;
    done = false;
    result = null;
    collectAfresh();
    notifyAll();
  }

  /** Ends the stage: every task that asks from now on is told to stop. */
  public synchronized void stop() {
    stopped = true;
    notifyAll();
  }

  public synchronized boolean stopped() {
    return stopped;
  }

  /**
   * The newest stage attempt seen: above 0 once Spark retried the stage, whose failures then
   * count against the attempts Spark allows it until it ends.
   */
  public synchronized int attempt() {
    return attempt;
  }

  /**
   * Waits up to {@code millis} for epoch {@code epoch} (the one posted) to be done.
   *
   * @return what it gave, or null when it is not done yet or the stage was stopped
   */
  public synchronized Epoch awaitEpoch(int epoch, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (!stopped && !(done && posted.plan().epoch() == epoch)) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return null;
      }
      wait(left);
    }
    return stopped ? null : result;
  }

  @Override
  public synchronized void handBack(int from, Handback handedBack) {
    if (stopped || posted == null || done || from < attempt) {
      return;
    }
    newest(from);
    outcome = handedBack;
    outcomeNanos = System.nanoTime();
    completeIfIn();
  }

  @Override
  public synchronized Handback next(int from, int rank, EpochReport report, long waitMillis)
      throws InterruptedException {
    if (from < attempt || rank < 0 || rank >= workers) {
      return Orders.STOP.handback();
    }
    newest(from);
    if (!report.repeated() && posted != null && !done
        && report.finished() == posted.plan().epoch() && reports[rank] == null) {
      reports[rank] = report.scores();
      reported++;
      completeIfIn();
    }
    long deadline = System.nanoTime() + waitMillis * 1_000_000;
    while (true) {
      if (stopped || from < attempt) {
        return Orders.STOP.handback();
      }
      if (posted != null && !done && posted.plan().epoch() > report.finished()) {
        boolean hasState = report.held() == posted.digest()
            || (inBroadcast.isPresent() && inBroadcast.getAsLong() == posted.digest());
        return (hasState ? posted.withoutState() : posted).handback();
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return null;
      }
      wait(left);
    }
  }

  /** A newer attempt's tasks collect the posted epoch from the start. */
  private void newest(int from) {
    if (from > attempt) {
      attempt = from;
      if (!done) {
        collectAfresh();
      }
      notifyAll();
    }
  }

  private void collectAfresh() {
    outcome = null;
    Arrays.fill(reports, null);
    reported = 0;
  }

  private void completeIfIn() {
    if (outcome == null) {
      return;
    }
    EpochOutcome handedBack = EpochOutcome.of(outcome);
    if (handedBack.divergedRound() < 0 && reported < workers) {
      return;
    }
    List<byte[]> scores = new ArrayList<>();
    for (byte[] r : reports) {
      if (r != null && r.length > 0) {
        scores.add(r);
      }
    }
    result = new Epoch(handedBack, outcomeNanos, scores);
    done = true;
    notifyAll();
  }
}
