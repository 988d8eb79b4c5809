/**
 * sparktrain's own optimizer step for DL4J networks, stacks and graphs ({@code Stepped} reads
 * both alike): DL4J computes the gradient (forward and
 * backward through its layers), and {@link io.sparktrain.train.fused.FusedStep} divides it by the
 * batch size, clips it, applies the update rule and decoupled weight decay and moves the
 * parameters, in one SIMD pass over each updater block's flat parameter, gradient and state
 * arrays, in place and without allocating. For networks of dense layers, dropout and a softmax
 * cross-entropy output, {@link io.sparktrain.train.fused.DensePass} computes the gradient in DL4J's
 * place (its GEMMs into buffers kept across steps, the gradient straight into DL4J's flat view).
 *
 * <p>The state layout is DL4J's own (each rule's slots one after the other over the block), so
 * averaging, checkpoints and resume read the same floats whichever step wrote them. Networks or
 * rules the fused step does not cover are reported by {@link
 * io.sparktrain.train.fused.FusedStep#unsupported}, and their replicas keep DL4J's {@code fit()}.
 *
 * <p>Uses the incubating Vector API: load {@link io.sparktrain.train.fused.FusedStep} only when
 * {@link io.sparktrain.train.fused.FusedStep#AVAILABLE} says the JVM runs with
 * {@code --add-modules jdk.incubator.vector}. Imports {@code io.sparktrain.model} (the rules
 * sparktrain adds to DL4J) and nothing else of the project.
 */
package io.sparktrain.train.fused;
