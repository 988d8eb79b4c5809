package io.sparktrain.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package layering of docs/architecture.md, checked on the compiled main classes: no cycle
 * between the top-level packages, the run store and the specs at the bottom, the commands at the
 * top, and every package importing only downward.
 */
@AnalyzeClasses(packages = "io.sparktrain", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  @ArchTest
  static final ArchRule noPackageCycles = slices().matching("io.sparktrain.(*)..")
      .should().beFreeOfCycles();

  @ArchTest
  static final ArchRule packagesImportOnlyDownward = layeredArchitecture()
      .consideringOnlyDependenciesInLayers()
      .layer("examples").definedBy("io.sparktrain.examples..")
      .layer("cli").definedBy("io.sparktrain.cli..")
      .layer("ml").definedBy("io.sparktrain.ml..")
      .layer("search").definedBy("io.sparktrain.search..")
      .layer("pipeline").definedBy("io.sparktrain.pipeline..")
      .layer("report").definedBy("io.sparktrain.report..")
      .layer("transfer").definedBy("io.sparktrain.transfer..")
      .layer("train").definedBy("io.sparktrain.train..")
      .layer("embed").definedBy("io.sparktrain.embed..")
      .layer("model").definedBy("io.sparktrain.model..")
      .layer("data").definedBy("io.sparktrain.data..")
      .layer("exchange").definedBy("io.sparktrain.exchange..")
      .layer("runs").definedBy("io.sparktrain.runs..")
      .layer("spec").definedBy("io.sparktrain.spec..")
      .whereLayer("examples").mayNotBeAccessedByAnyLayer()
      .whereLayer("cli").mayNotBeAccessedByAnyLayer()
      .whereLayer("ml").mayOnlyBeAccessedByLayers("cli", "examples")
      .whereLayer("search").mayOnlyBeAccessedByLayers("cli")
      .whereLayer("pipeline").mayOnlyBeAccessedByLayers("ml", "cli", "search")
      .whereLayer("report").mayOnlyBeAccessedByLayers("pipeline", "cli", "search")
      .whereLayer("transfer").mayOnlyBeAccessedByLayers("pipeline", "cli", "ml")
      .whereLayer("train").mayOnlyBeAccessedByLayers("report", "pipeline", "cli", "ml",
          "search")
      .whereLayer("embed").mayOnlyBeAccessedByLayers("transfer", "pipeline", "cli")
      .whereLayer("model").mayOnlyBeAccessedByLayers("transfer", "train", "pipeline", "cli", "ml")
      .whereLayer("data").mayOnlyBeAccessedByLayers("train", "embed", "transfer", "pipeline",
          "cli", "ml", "examples", "search")
      .whereLayer("exchange").mayOnlyBeAccessedByLayers("train")
      .whereLayer("runs").mayOnlyBeAccessedByLayers("data", "embed", "report", "transfer",
          "pipeline", "cli", "ml", "search")
      .whereLayer("spec").mayOnlyBeAccessedByLayers("runs", "data", "model", "train", "embed",
          "report", "transfer", "pipeline", "cli", "ml", "search");

  /** Specs are plain records: building or checking one needs no Spark and no DL4J. */
  @ArchTest
  static final ArchRule specsAreFreeOfSparkAndDl4j = noClasses()
      .that().resideInAPackage("io.sparktrain.spec..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..",
          "org.deeplearning4j..", "org.nd4j..");
}
