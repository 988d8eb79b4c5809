"""Nightly sparktrain training as an Airflow 2 DAG (apache-airflow-providers-apache-spark).

The task submits the jobs jar with SparkSubmitOperator; `spark_default` names the Spark master
(a standalone spark://host:7077, YARN or k8s://...). sparktrain's exit codes tell whether a retry
can help: 1 (unexpected) and 4 (training failed) may be transient, while 2 (bad spec), 3 (bad
data) and 5 (output not writable, or another run of the job holds its lock) need a person, so
those fail the task at once. A retried run resumes from its last checkpoint.
"""
from datetime import datetime, timedelta
from pathlib import Path

from airflow import DAG
from airflow.exceptions import AirflowFailException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

SPARKTRAIN_HOME = Path("/opt/sparktrain")
JAVA17_FLAGS = " ".join(
    line.strip()
    for line in (SPARKTRAIN_HOME / "conf" / "java17.args").read_text().splitlines()
    if line.strip()
)
NO_RETRY_EXIT_CODES = {2, 3, 5}


class SparktrainSubmitOperator(SparkSubmitOperator):
    """Fails without retries when sparktrain says a retry cannot help."""

    def execute(self, context):
        try:
            return super().execute(context)
        except Exception as error:  # the hook raises with the return code in its message
            if any(f"Error code is: {code}." in str(error) for code in NO_RETRY_EXIT_CODES):
                raise AirflowFailException(str(error)) from error
            raise


with DAG(
    dag_id="sparktrain_nightly_mnist",
    start_date=datetime(2026, 11, 1),
    schedule="30 2 * * *",
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
    tags=["sparktrain"],
) as dag:
    SparktrainSubmitOperator(
        task_id="train_mnist_mlp",
        conn_id="spark_default",
        application=str(SPARKTRAIN_HOME / "jobs" / "target" / "sparktrain.jar"),
        java_class="io.sparktrain.cli.SparktrainCli",
        application_args=[
            "train",
            str(SPARKTRAIN_HOME / "conf" / "mnist-mlp.yaml"),
            "--runs-dir",
            "hdfs:///sparktrain/runs",
        ],
        conf={
            "spark.driver.extraJavaOptions": JAVA17_FLAGS,
            "spark.executor.extraJavaOptions": JAVA17_FLAGS,
            "spark.executorEnv.OMP_NUM_THREADS": "1",
            "spark.serializer": "org.apache.spark.serializer.KryoSerializer",
            "spark.kryo.registrator": "io.sparktrain.train.KryoSetup",
        },
        executor_cores=1,
        executor_memory="3g",
        driver_memory="4g",
        name="sparktrain-mnist-mlp",
    )
