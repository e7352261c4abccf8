"""Sensors: add dynamic partitions for new files and request their runs in the same tick."""

from __future__ import annotations

import os
import tempfile

from partwise import (
    AssetExecutionContext,
    DynamicPartitionsDefinition,
    Instance,
    RunRequest,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    asset,
    build_sensor_context,
    define_asset_job,
    sensor,
)

images_partitions_def = DynamicPartitionsDefinition(name="images")


@asset(partitions_def=images_partitions_def)
def images(context: AssetExecutionContext) -> str:
    return context.partition_key


images_job = define_asset_job(
    "images_job", selection=[images], partitions_def=images_partitions_def
)
drop_folder = tempfile.mkdtemp()


@sensor(job=images_job)
def image_sensor(context: SensorEvaluationContext) -> SensorResult | SkipReason:
    new_images = [
        img_filename
        for img_filename in sorted(os.listdir(drop_folder))
        if not context.instance.has_dynamic_partition(images_partitions_def.name, img_filename)
    ]
    if not new_images:
        return SkipReason("nothing new")
    return SensorResult(
        run_requests=[RunRequest(partition_key=img_filename) for img_filename in new_images],
        dynamic_partitions_requests=[images_partitions_def.build_add_request(new_images)],
    )


for name in ["cat.png", "dog.png"]:
    open(os.path.join(drop_folder, name), "w").close()

instance = Instance.ephemeral()  # any instance works, no instance_ref needed
data = image_sensor.evaluate_tick(build_sensor_context(instance=instance))
# The keys are validated as if the tick's own add request had been applied already.
assert [r.partition_key for r in data.run_requests] == ["cat.png", "dog.png"]
assert data.run_requests[0].tags == {
    "dagster/partition": "cat.png",
    "dagster/partition_set": "images_job_partition_set",
    "dagster/sensor_name": "image_sensor",
}
# Evaluating applies nothing: partwise.tick (or the caller) applies the requests.
assert not instance.has_dynamic_partition("images", "cat.png")
instance.add_dynamic_partitions("images", ["cat.png", "dog.png"])
again = image_sensor.evaluate_tick(build_sensor_context(instance=instance))
assert again.skip_message == "nothing new"
