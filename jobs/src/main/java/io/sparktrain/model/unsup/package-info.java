/**
 * Layers that train themselves without labels: the restricted Boltzmann machine trained by
 * contrastive divergence ({@link io.sparktrain.model.unsup.RbmLayer}). Each reports its own
 * update as its gradient, so the engine averages it, and its optimizer state, like any layer's.
 */
package io.sparktrain.model.unsup;
