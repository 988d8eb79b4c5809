package io.sparktrain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.junit.jupiter.api.Test;

/** The data's [height, width, channels] becomes DL4J's (height, width, channels) input type. */
class InputShapeTest {

  @Test
  void imageShapeOfTheDataIsHeightWidthChannels() {
    InputShape shape = InputShape.of(new int[] {28, 20, 3}, 28 * 20 * 3);

    assertEquals(new InputShape(true, 3, 28, 20), shape);
    assertEquals(InputType.convolutionalFlat(28, 20, 3), shape.toInputType());
    assertEquals(28 * 20 * 3, shape.size());
  }

  @Test
  void flatFeaturesStayFlat() {
    assertEquals(InputShape.flat(64), InputShape.of(null, 64));
  }
}
