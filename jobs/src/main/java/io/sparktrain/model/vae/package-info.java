/**
 * The variational autoencoder (Kingma and Welling 2014) as a DL4J graph the averaging engine
 * trains like any other: the reparameterised sampling as a graph vertex, the KL divergence as a
 * second output's loss, and the decoder's images (samples, reconstructions) as PNG grids.
 */
package io.sparktrain.model.vae;
