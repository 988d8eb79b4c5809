/**
 * Networks that read two images at once, as one input {@code [first | second]}: a Siamese
 * encoder trained with the contrastive loss and a Barlow Twins encoder trained on two views,
 * their graphs (one set of weights applied to both halves) and the measures of what they learnt
 * (pair accuracy, nearest-neighbour classification, a linear probe on frozen features).
 */
package io.sparktrain.model.pairs;
