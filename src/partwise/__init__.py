"""partwise: partitioned data pipelines and their tests.

A small in-process engine whose partitions API follows Dagster's, so code written against it runs with
only the import line changed. Heavy parts (pydantic config, I/O managers, pandas, the executor) load
on first use, so ``import partwise`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from partwise._asset_key import (
    AssetKey,
)
from partwise._definitions.asset import (
    AssetDep,
    AssetIn,
    AssetsDefinition,
    AssetSpec,
    SourceAsset,
    asset,
)
from partwise._definitions.backfill_policy import (
    BackfillPolicy,
    BackfillPolicyType,
)
from partwise._definitions.definitions import (
    Definitions,
)
from partwise._definitions.job import (
    JobDefinition,
    UnresolvedAssetJobDefinition,
    define_asset_job,
    job,
)
from partwise._definitions.op import (
    In,
    OpDefinition,
    Out,
    op,
)
from partwise._definitions.selection import (
    AssetSelection,
)
from partwise._instance import (
    AssetPartitionStatus,
    DagsterEventType,
    DagsterInstance,
    DagsterRun,
    DagsterRunStatus,
    EventLogEntry,
    EventRecordsFilter,
    Instance,
    RunsFilter,
)
from partwise._partitions.context import (
    DynamicPartitionsStore,
    partition_loading_context,
)
from partwise._partitions.definitions.base import (
    PartitionKeyRange,
    PartitionsDefinition,
    TimeWindow,
)
from partwise._partitions.definitions.cadences import (
    DailyPartitionsDefinition,
    HourlyPartitionsDefinition,
    MonthlyPartitionsDefinition,
    WeeklyPartitionsDefinition,
)
from partwise._partitions.definitions.dynamic import (
    AddDynamicPartitionsRequest,
    DeleteDynamicPartitionsRequest,
    DynamicPartitionsDefinition,
)
from partwise._partitions.definitions.multi import (
    MultiPartitionKey,
    MultiPartitionsDefinition,
    PartitionDimensionDefinition,
    PartitionDimensionKey,
)
from partwise._partitions.definitions.static import (
    StaticPartitionsDefinition,
)
from partwise._partitions.definitions.time_window import (
    ScheduleType,
    TimeWindowPartitionsDefinition,
)
from partwise._partitions.subsets.base import (
    DefaultPartitionsSubset,
    PartitionsSubset,
)
from partwise._partitions.subsets.time_window import (
    TimeWindowPartitionsSubset,
)
from partwise.errors import (
    CheckError,
    DagsterError,
    DagsterInvalidConfigError,
    DagsterInvalidDefinitionError,
    DagsterInvalidInvocationError,
    DagsterInvariantViolationError,
    DagsterUnknownPartitionError,
    InvalidConfigError,
    InvalidDefinitionError,
    InvalidInvocationError,
    InvalidPartitionKeyError,
    InvariantViolationError,
    PartwiseError,
    StepExecutionError,
    StorageError,
    UnknownPartitionError,
    UnknownTimezoneError,
)

if TYPE_CHECKING:
    from partwise._automation.backfill import (
        BackfillResult,
        BackfillRun,
        backfill,
    )
    from partwise._automation.context import (
        ScheduleEvaluationContext,
        SensorEvaluationContext,
        build_schedule_context,
        build_sensor_context,
    )
    from partwise._automation.partitioned_schedule import (
        UnresolvedPartitionedAssetScheduleDefinition,
        build_schedule_from_partitioned_job,
    )
    from partwise._automation.run_request import (
        RunRequest,
        SensorResult,
        SkipReason,
    )
    from partwise._automation.schedule import (
        DefaultScheduleStatus,
        ScheduleDefinition,
        schedule,
    )
    from partwise._automation.sensor import (
        DefaultSensorStatus,
        SensorDefinition,
        sensor,
    )
    from partwise._automation.tick import (
        ScheduledTick,
        TickResult,
        schedule_ticks,
        tick,
    )
    from partwise._config.config import (
        Config,
        ConfigurableResource,
        PermissiveConfig,
        RunConfig,
    )
    from partwise._config.partitioned import (
        PartitionedConfig,
        daily_partitioned_config,
        dynamic_partitioned_config,
        hourly_partitioned_config,
        monthly_partitioned_config,
        static_partitioned_config,
        weekly_partitioned_config,
    )
    from partwise._config.schema import (
        Field,
    )
    from partwise._execution.context import (
        AssetExecutionContext,
        OpExecutionContext,
        build_asset_context,
        build_op_context,
    )
    from partwise._execution.events import (
        AssetMaterialization,
        MaterializeResult,
        Output,
    )
    from partwise._execution.hooks import (
        hookimpl,
        register_plugin,
        unregister_plugin,
    )
    from partwise._execution.materialize import (
        materialize,
        materialize_to_memory,
    )
    from partwise._execution.result import (
        ExecuteInProcessResult,
    )
    from partwise._execution.validate import (
        validate_run_config,
    )
    from partwise._io.base import (
        InputContext,
        IOManager,
        IOManagerDefinition,
        OutputContext,
        build_input_context,
        build_output_context,
        io_manager,
    )
    from partwise._io.configurable import (
        ConfigurableIOManager,
    )
    from partwise._io.filesystem import (
        FilesystemIOManager,
    )
    from partwise._io.memory import (
        InMemoryIOManager,
    )
    from partwise._io.pandas import (
        PandasIOManager,
        PandasParquetIOManager,
    )
    from partwise._partitions.mappings.base import (
        AllPartitionMapping,
        DimensionPartitionMapping,
        IdentityPartitionMapping,
        LastPartitionMapping,
        MultiPartitionMapping,
        MultiToSingleDimensionPartitionMapping,
        PartitionMapping,
        SpecificPartitionsPartitionMapping,
        StaticPartitionMapping,
        TimeWindowPartitionMapping,
        UpstreamPartitionsResult,
        infer_partition_mapping,
    )

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    "BackfillResult": "partwise._automation.backfill",
    "BackfillRun": "partwise._automation.backfill",
    "backfill": "partwise._automation.backfill",
    "ScheduleEvaluationContext": "partwise._automation.context",
    "SensorEvaluationContext": "partwise._automation.context",
    "build_schedule_context": "partwise._automation.context",
    "build_sensor_context": "partwise._automation.context",
    "UnresolvedPartitionedAssetScheduleDefinition": "partwise._automation.partitioned_schedule",
    "build_schedule_from_partitioned_job": "partwise._automation.partitioned_schedule",
    "RunRequest": "partwise._automation.run_request",
    "SensorResult": "partwise._automation.run_request",
    "SkipReason": "partwise._automation.run_request",
    "DefaultScheduleStatus": "partwise._automation.schedule",
    "ScheduleDefinition": "partwise._automation.schedule",
    "schedule": "partwise._automation.schedule",
    "DefaultSensorStatus": "partwise._automation.sensor",
    "SensorDefinition": "partwise._automation.sensor",
    "sensor": "partwise._automation.sensor",
    "ScheduledTick": "partwise._automation.tick",
    "TickResult": "partwise._automation.tick",
    "schedule_ticks": "partwise._automation.tick",
    "tick": "partwise._automation.tick",
    "AllPartitionMapping": "partwise._partitions.mappings.base",
    "DimensionPartitionMapping": "partwise._partitions.mappings.base",
    "IdentityPartitionMapping": "partwise._partitions.mappings.base",
    "LastPartitionMapping": "partwise._partitions.mappings.base",
    "MultiPartitionMapping": "partwise._partitions.mappings.base",
    "MultiToSingleDimensionPartitionMapping": "partwise._partitions.mappings.base",
    "PartitionMapping": "partwise._partitions.mappings.base",
    "SpecificPartitionsPartitionMapping": "partwise._partitions.mappings.base",
    "StaticPartitionMapping": "partwise._partitions.mappings.base",
    "TimeWindowPartitionMapping": "partwise._partitions.mappings.base",
    "UpstreamPartitionsResult": "partwise._partitions.mappings.base",
    "infer_partition_mapping": "partwise._partitions.mappings.base",
    "materialize": "partwise._execution.materialize",
    "materialize_to_memory": "partwise._execution.materialize",
    "AssetExecutionContext": "partwise._execution.context",
    "OpExecutionContext": "partwise._execution.context",
    "build_asset_context": "partwise._execution.context",
    "build_op_context": "partwise._execution.context",
    "ExecuteInProcessResult": "partwise._execution.result",
    "AssetMaterialization": "partwise._execution.events",
    "MaterializeResult": "partwise._execution.events",
    "Output": "partwise._execution.events",
    "hookimpl": "partwise._execution.hooks",
    "register_plugin": "partwise._execution.hooks",
    "unregister_plugin": "partwise._execution.hooks",
    "validate_run_config": "partwise._execution.validate",
    "Config": "partwise._config.config",
    "ConfigurableResource": "partwise._config.config",
    "PermissiveConfig": "partwise._config.config",
    "RunConfig": "partwise._config.config",
    "Field": "partwise._config.schema",
    "PartitionedConfig": "partwise._config.partitioned",
    "daily_partitioned_config": "partwise._config.partitioned",
    "dynamic_partitioned_config": "partwise._config.partitioned",
    "hourly_partitioned_config": "partwise._config.partitioned",
    "monthly_partitioned_config": "partwise._config.partitioned",
    "static_partitioned_config": "partwise._config.partitioned",
    "weekly_partitioned_config": "partwise._config.partitioned",
    "IOManager": "partwise._io.base",
    "IOManagerDefinition": "partwise._io.base",
    "InputContext": "partwise._io.base",
    "OutputContext": "partwise._io.base",
    "build_input_context": "partwise._io.base",
    "build_output_context": "partwise._io.base",
    "io_manager": "partwise._io.base",
    "ConfigurableIOManager": "partwise._io.configurable",
    "FilesystemIOManager": "partwise._io.filesystem",
    "InMemoryIOManager": "partwise._io.memory",
    "PandasIOManager": "partwise._io.pandas",
    "PandasParquetIOManager": "partwise._io.pandas",
}

__all__ = [
    "AddDynamicPartitionsRequest",
    "AllPartitionMapping",
    "AssetDep",
    "AssetExecutionContext",
    "AssetIn",
    "AssetKey",
    "AssetMaterialization",
    "AssetPartitionStatus",
    "AssetSelection",
    "AssetSpec",
    "AssetsDefinition",
    "BackfillPolicy",
    "BackfillPolicyType",
    "BackfillResult",
    "BackfillRun",
    "CheckError",
    "Config",
    "ConfigurableIOManager",
    "ConfigurableResource",
    "DagsterError",
    "DagsterEventType",
    "DagsterInstance",
    "DagsterInvalidConfigError",
    "DagsterInvalidDefinitionError",
    "DagsterInvalidInvocationError",
    "DagsterInvariantViolationError",
    "DagsterRun",
    "DagsterRunStatus",
    "DagsterUnknownPartitionError",
    "DailyPartitionsDefinition",
    "DefaultPartitionsSubset",
    "DefaultScheduleStatus",
    "DefaultSensorStatus",
    "Definitions",
    "DeleteDynamicPartitionsRequest",
    "DimensionPartitionMapping",
    "DynamicPartitionsDefinition",
    "DynamicPartitionsStore",
    "EventLogEntry",
    "EventRecordsFilter",
    "ExecuteInProcessResult",
    "Field",
    "FilesystemIOManager",
    "HourlyPartitionsDefinition",
    "IOManager",
    "IOManagerDefinition",
    "IdentityPartitionMapping",
    "In",
    "InMemoryIOManager",
    "InputContext",
    "Instance",
    "InvalidConfigError",
    "InvalidDefinitionError",
    "InvalidInvocationError",
    "InvalidPartitionKeyError",
    "InvariantViolationError",
    "JobDefinition",
    "LastPartitionMapping",
    "MaterializeResult",
    "MonthlyPartitionsDefinition",
    "MultiPartitionKey",
    "MultiPartitionMapping",
    "MultiPartitionsDefinition",
    "MultiToSingleDimensionPartitionMapping",
    "OpDefinition",
    "OpExecutionContext",
    "Out",
    "Output",
    "OutputContext",
    "PandasIOManager",
    "PandasParquetIOManager",
    "PartitionDimensionDefinition",
    "PartitionDimensionKey",
    "PartitionKeyRange",
    "PartitionMapping",
    "PartitionedConfig",
    "PartitionsDefinition",
    "PartitionsSubset",
    "PartwiseError",
    "PermissiveConfig",
    "RunConfig",
    "RunRequest",
    "RunsFilter",
    "ScheduleDefinition",
    "ScheduleEvaluationContext",
    "ScheduleType",
    "ScheduledTick",
    "SensorDefinition",
    "SensorEvaluationContext",
    "SensorResult",
    "SkipReason",
    "SourceAsset",
    "SpecificPartitionsPartitionMapping",
    "StaticPartitionMapping",
    "StaticPartitionsDefinition",
    "StepExecutionError",
    "StorageError",
    "TickResult",
    "TimeWindow",
    "TimeWindowPartitionMapping",
    "TimeWindowPartitionsDefinition",
    "TimeWindowPartitionsSubset",
    "UnknownPartitionError",
    "UnknownTimezoneError",
    "UnresolvedAssetJobDefinition",
    "UnresolvedPartitionedAssetScheduleDefinition",
    "UpstreamPartitionsResult",
    "WeeklyPartitionsDefinition",
    "asset",
    "backfill",
    "build_asset_context",
    "build_input_context",
    "build_op_context",
    "build_output_context",
    "build_schedule_context",
    "build_schedule_from_partitioned_job",
    "build_sensor_context",
    "daily_partitioned_config",
    "define_asset_job",
    "dynamic_partitioned_config",
    "hookimpl",
    "hourly_partitioned_config",
    "infer_partition_mapping",
    "io_manager",
    "job",
    "materialize",
    "materialize_to_memory",
    "monthly_partitioned_config",
    "op",
    "partition_loading_context",
    "register_plugin",
    "schedule",
    "schedule_ticks",
    "sensor",
    "static_partitioned_config",
    "tick",
    "unregister_plugin",
    "validate_run_config",
    "weekly_partitioned_config",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'partwise' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
