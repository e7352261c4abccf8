"""partwise: partitioned data pipelines and their tests.

A small in-process engine whose partitions API follows Dagster's, so code written against it runs with
only the import line changed.

The public surface is one table, ``_EXPORTS``: each public name and the module that defines it. Every
name loads on first use, so ``import partwise`` imports nothing heavy. Type checkers and editors read
the ``TYPE_CHECKING`` imports below instead; ``tests/test_public_api.py`` keeps them equal to the table.
To add a name: one line in ``_EXPORTS`` (sorted) and the matching ``import X as X`` line.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from partwise._asset_key import AssetKey as AssetKey
    from partwise._automation.backfill import (
        BackfillResult as BackfillResult,
        BackfillRun as BackfillRun,
        backfill as backfill,
    )
    from partwise._automation.context import (
        ScheduleEvaluationContext as ScheduleEvaluationContext,
        SensorEvaluationContext as SensorEvaluationContext,
        build_schedule_context as build_schedule_context,
        build_sensor_context as build_sensor_context,
    )
    from partwise._automation.partitioned_schedule import (
        UnresolvedPartitionedAssetScheduleDefinition as UnresolvedPartitionedAssetScheduleDefinition,
        build_schedule_from_partitioned_job as build_schedule_from_partitioned_job,
    )
    from partwise._automation.run_request import (
        SensorResult as SensorResult,
        SkipReason as SkipReason,
    )
    from partwise._automation.schedule import (
        DefaultScheduleStatus as DefaultScheduleStatus,
        ScheduleDefinition as ScheduleDefinition,
        schedule as schedule,
    )
    from partwise._automation.sensor import (
        DefaultSensorStatus as DefaultSensorStatus,
        SensorDefinition as SensorDefinition,
        sensor as sensor,
    )
    from partwise._automation.tick import (
        ScheduledTick as ScheduledTick,
        TickResult as TickResult,
        schedule_ticks as schedule_ticks,
        tick as tick,
    )
    from partwise._config.config import (
        Config as Config,
        ConfigurableResource as ConfigurableResource,
        PermissiveConfig as PermissiveConfig,
        RunConfig as RunConfig,
    )
    from partwise._config.env import (
        EnvVar as EnvVar,
    )
    from partwise._config.mapping import ConfigMapping as ConfigMapping
    from partwise._config.partitioned import (
        PartitionedConfig as PartitionedConfig,
        daily_partitioned_config as daily_partitioned_config,
        dynamic_partitioned_config as dynamic_partitioned_config,
        hourly_partitioned_config as hourly_partitioned_config,
        monthly_partitioned_config as monthly_partitioned_config,
        static_partitioned_config as static_partitioned_config,
        weekly_partitioned_config as weekly_partitioned_config,
    )
    from partwise._config.schema import Field as Field
    from partwise._config.sources import (
        BoolSource as BoolSource,
        IntSource as IntSource,
        StringSource as StringSource,
    )
    from partwise._definitions.asset import (
        AssetDep as AssetDep,
        AssetsDefinition as AssetsDefinition,
        AssetSpec as AssetSpec,
        SourceAsset as SourceAsset,
    )
    from partwise._definitions.asset_check import (
        AssetCheckEvaluation as AssetCheckEvaluation,
        AssetCheckKey as AssetCheckKey,
        AssetCheckResult as AssetCheckResult,
        AssetChecksDefinition as AssetChecksDefinition,
        AssetCheckSeverity as AssetCheckSeverity,
        AssetCheckSpec as AssetCheckSpec,
        asset_check as asset_check,
        multi_asset_check as multi_asset_check,
    )
    from partwise._definitions.asset_decorator import asset as asset
    from partwise._definitions.asset_in import AssetIn as AssetIn
    from partwise._definitions.asset_out import (
        AssetOut as AssetOut,
    )
    from partwise._definitions.backfill_policy import (
        BackfillPolicy as BackfillPolicy,
        BackfillPolicyType as BackfillPolicyType,
    )
    from partwise._definitions.definitions import Definitions as Definitions
    from partwise._definitions.dynamic import (
        DynamicOut as DynamicOut,
        DynamicOutput as DynamicOutput,
    )
    from partwise._definitions.graph import (
        GraphDefinition as GraphDefinition,
        GraphIn as GraphIn,
        GraphOut as GraphOut,
        graph as graph,
    )
    from partwise._definitions.graph_asset import (
        graph_asset as graph_asset,
        graph_multi_asset as graph_multi_asset,
    )
    from partwise._definitions.job import (
        JobDefinition as JobDefinition,
        UnresolvedAssetJobDefinition as UnresolvedAssetJobDefinition,
        define_asset_job as define_asset_job,
        job as job,
    )
    from partwise._definitions.loading import (
        load_asset_checks_from_current_module as load_asset_checks_from_current_module,
        load_asset_checks_from_modules as load_asset_checks_from_modules,
        load_asset_checks_from_package_module as load_asset_checks_from_package_module,
        load_asset_checks_from_package_name as load_asset_checks_from_package_name,
        load_assets_from_current_module as load_assets_from_current_module,
        load_assets_from_modules as load_assets_from_modules,
        load_assets_from_package_module as load_assets_from_package_module,
        load_assets_from_package_name as load_assets_from_package_name,
    )
    from partwise._definitions.multi_asset import (
        multi_asset as multi_asset,
    )
    from partwise._definitions.op import (
        In as In,
        OpDefinition as OpDefinition,
        Out as Out,
        op as op,
    )
    from partwise._definitions.repository import (
        RepositoryDefinition as RepositoryDefinition,
        repository as repository,
    )
    from partwise._definitions.resource import (
        InitResourceContext as InitResourceContext,
        ResourceDefinition as ResourceDefinition,
        build_init_resource_context as build_init_resource_context,
        resource as resource,
    )
    from partwise._definitions.run_request import RunRequest as RunRequest
    from partwise._definitions.selection import AssetSelection as AssetSelection
    from partwise._definitions.types import (
        DagsterType as DagsterType,
        Nothing as Nothing,
        PythonObjectDagsterType as PythonObjectDagsterType,
        TypeCheck as TypeCheck,
    )
    from partwise._definitions.with_resources import with_resources as with_resources
    from partwise._execution.context import (
        AssetExecutionContext as AssetExecutionContext,
        OpExecutionContext as OpExecutionContext,
        build_asset_context as build_asset_context,
        build_op_context as build_op_context,
    )
    from partwise._execution.events import (
        AssetMaterialization as AssetMaterialization,
        AssetObservation as AssetObservation,
        MaterializeResult as MaterializeResult,
        Output as Output,
    )
    from partwise._execution.executors import (
        ExecutorDefinition as ExecutorDefinition,
        get_dagster_logger as get_dagster_logger,
        in_process_executor as in_process_executor,
        multiprocess_executor as multiprocess_executor,
    )
    from partwise._execution.hooks import (
        hookimpl as hookimpl,
        register_plugin as register_plugin,
        unregister_plugin as unregister_plugin,
    )
    from partwise._execution.materialize import (
        materialize as materialize,
        materialize_to_memory as materialize_to_memory,
    )
    from partwise._execution.outcomes import (
        Backoff as Backoff,
        Failure as Failure,
        Jitter as Jitter,
        RetryPolicy as RetryPolicy,
        RetryRequested as RetryRequested,
    )
    from partwise._execution.result import ExecuteInProcessResult as ExecuteInProcessResult
    from partwise._execution.validate import validate_run_config as validate_run_config
    from partwise._instance import (
        AssetPartitionStatus as AssetPartitionStatus,
        DagsterEventType as DagsterEventType,
        DagsterInstance as DagsterInstance,
        DagsterRun as DagsterRun,
        DagsterRunStatus as DagsterRunStatus,
        EventLogEntry as EventLogEntry,
        EventRecordsFilter as EventRecordsFilter,
        Instance as Instance,
        RunsFilter as RunsFilter,
    )
    from partwise._instance.fetch import (
        AssetRecordsFilter as AssetRecordsFilter,
        EventRecordsResult as EventRecordsResult,
    )
    from partwise._instance.records import (
        EventLogRecord as EventLogRecord,
    )
    from partwise._instance.testing import (
        instance_for_test as instance_for_test,
    )
    from partwise._io.base import (
        InputContext as InputContext,
        IOManager as IOManager,
        IOManagerDefinition as IOManagerDefinition,
        OutputContext as OutputContext,
        build_input_context as build_input_context,
        build_output_context as build_output_context,
        io_manager as io_manager,
    )
    from partwise._io.configurable import ConfigurableIOManager as ConfigurableIOManager
    from partwise._io.filesystem import (
        FilesystemIOManager as FilesystemIOManager,
        fs_io_manager as fs_io_manager,
    )
    from partwise._io.memory import (
        InMemoryIOManager as InMemoryIOManager,
        mem_io_manager as mem_io_manager,
    )
    from partwise._io.pandas import (
        PandasIOManager as PandasIOManager,
        PandasParquetIOManager as PandasParquetIOManager,
    )
    from partwise._metadata import (
        BoolMetadataValue as BoolMetadataValue,
        DagsterAssetMetadataValue as DagsterAssetMetadataValue,
        DagsterJobMetadataValue as DagsterJobMetadataValue,
        DagsterRunMetadataValue as DagsterRunMetadataValue,
        FloatMetadataValue as FloatMetadataValue,
        IntMetadataValue as IntMetadataValue,
        JsonMetadataValue as JsonMetadataValue,
        MarkdownMetadataValue as MarkdownMetadataValue,
        MetadataValue as MetadataValue,
        NotebookMetadataValue as NotebookMetadataValue,
        NullMetadataValue as NullMetadataValue,
        PathMetadataValue as PathMetadataValue,
        PythonArtifactMetadataValue as PythonArtifactMetadataValue,
        TableColumn as TableColumn,
        TableColumnConstraints as TableColumnConstraints,
        TableConstraints as TableConstraints,
        TableMetadataValue as TableMetadataValue,
        TableRecord as TableRecord,
        TableSchema as TableSchema,
        TableSchemaMetadataValue as TableSchemaMetadataValue,
        TextMetadataValue as TextMetadataValue,
        TimestampMetadataValue as TimestampMetadataValue,
        UrlMetadataValue as UrlMetadataValue,
    )
    from partwise._partitions.context import (
        DynamicPartitionsStore as DynamicPartitionsStore,
        partition_loading_context as partition_loading_context,
    )
    from partwise._partitions.definitions.base import (
        KeySpace as KeySpace,
        PartitionDimensionDefinition as PartitionDimensionDefinition,
        PartitionKeyRange as PartitionKeyRange,
        PartitionsDefinition as PartitionsDefinition,
        TimeWindow as TimeWindow,
    )
    from partwise._partitions.definitions.cadences import (
        DailyPartitionsDefinition as DailyPartitionsDefinition,
        HourlyPartitionsDefinition as HourlyPartitionsDefinition,
        MonthlyPartitionsDefinition as MonthlyPartitionsDefinition,
        WeeklyPartitionsDefinition as WeeklyPartitionsDefinition,
    )
    from partwise._partitions.definitions.dynamic import (
        AddDynamicPartitionsRequest as AddDynamicPartitionsRequest,
        DeleteDynamicPartitionsRequest as DeleteDynamicPartitionsRequest,
        DynamicPartitionsDefinition as DynamicPartitionsDefinition,
    )
    from partwise._partitions.definitions.multi import (
        MultiPartitionKey as MultiPartitionKey,
        MultiPartitionsDefinition as MultiPartitionsDefinition,
        PartitionDimensionKey as PartitionDimensionKey,
    )
    from partwise._partitions.definitions.static import (
        StaticPartitionsDefinition as StaticPartitionsDefinition,
    )
    from partwise._partitions.definitions.time_window import (
        ScheduleType as ScheduleType,
        TimeWindowPartitionsDefinition as TimeWindowPartitionsDefinition,
    )
    from partwise._partitions.mappings.base import (
        AllPartitionMapping as AllPartitionMapping,
        IdentityPartitionMapping as IdentityPartitionMapping,
        LastPartitionMapping as LastPartitionMapping,
        PartitionMapping as PartitionMapping,
        UpstreamPartitionsResult as UpstreamPartitionsResult,
    )
    from partwise._partitions.mappings.infer import (
        infer_partition_mapping as infer_partition_mapping,
    )
    from partwise._partitions.mappings.multi import (
        DimensionPartitionMapping as DimensionPartitionMapping,
        MultiPartitionMapping as MultiPartitionMapping,
        MultiToSingleDimensionPartitionMapping as MultiToSingleDimensionPartitionMapping,
    )
    from partwise._partitions.mappings.static import (
        SpecificPartitionsPartitionMapping as SpecificPartitionsPartitionMapping,
        StaticPartitionMapping as StaticPartitionMapping,
    )
    from partwise._partitions.mappings.time_window import (
        TimeWindowPartitionMapping as TimeWindowPartitionMapping,
    )
    from partwise._partitions.serdes import (
        deserialize_value as deserialize_value,
        serialize_value as serialize_value,
    )
    from partwise._partitions.subsets.all import AllPartitionsSubset as AllPartitionsSubset
    from partwise._partitions.subsets.base import (
        DefaultPartitionsSubset as DefaultPartitionsSubset,
        PartitionsSubset as PartitionsSubset,
    )
    from partwise._partitions.subsets.time_window import (
        TimeWindowPartitionsSubset as TimeWindowPartitionsSubset,
    )
    from partwise._paths import file_relative_path as file_relative_path
    from partwise.errors import (
        CheckError as CheckError,
        DagsterError as DagsterError,
        DagsterExecutionStepExecutionError as DagsterExecutionStepExecutionError,
        DagsterInvalidConfigError as DagsterInvalidConfigError,
        DagsterInvalidDefinitionError as DagsterInvalidDefinitionError,
        DagsterInvalidDeserializationVersionError as DagsterInvalidDeserializationVersionError,
        DagsterInvalidInvocationError as DagsterInvalidInvocationError,
        DagsterInvalidMetadata as DagsterInvalidMetadata,
        DagsterInvariantViolationError as DagsterInvariantViolationError,
        DagsterMaxRetriesExceededError as DagsterMaxRetriesExceededError,
        DagsterTypeCheckDidNotPass as DagsterTypeCheckDidNotPass,
        DagsterUnknownPartitionError as DagsterUnknownPartitionError,
        ImmutableDefinitionError as ImmutableDefinitionError,
        InvalidConfigError as InvalidConfigError,
        InvalidDefinitionError as InvalidDefinitionError,
        InvalidDeserializationVersionError as InvalidDeserializationVersionError,
        InvalidInvocationError as InvalidInvocationError,
        InvalidMetadataError as InvalidMetadataError,
        InvalidPartitionKeyError as InvalidPartitionKeyError,
        InvariantViolationError as InvariantViolationError,
        MaxRetriesExceededError as MaxRetriesExceededError,
        PartwiseError as PartwiseError,
        SerializationError as SerializationError,
        StepExecutionError as StepExecutionError,
        StorageError as StorageError,
        TypeCheckError as TypeCheckError,
        UnknownPartitionError as UnknownPartitionError,
        UnknownTimezoneError as UnknownTimezoneError,
    )

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "AddDynamicPartitionsRequest": "partwise._partitions.definitions.dynamic",
    "AllPartitionMapping": "partwise._partitions.mappings.base",
    "AllPartitionsSubset": "partwise._partitions.subsets.all",
    "AssetCheckEvaluation": "partwise._definitions.asset_check",
    "AssetCheckKey": "partwise._definitions.asset_check",
    "AssetCheckResult": "partwise._definitions.asset_check",
    "AssetCheckSeverity": "partwise._definitions.asset_check",
    "AssetCheckSpec": "partwise._definitions.asset_check",
    "AssetChecksDefinition": "partwise._definitions.asset_check",
    "AssetDep": "partwise._definitions.asset",
    "AssetExecutionContext": "partwise._execution.context",
    "AssetIn": "partwise._definitions.asset_in",
    "AssetKey": "partwise._asset_key",
    "AssetMaterialization": "partwise._execution.events",
    "AssetObservation": "partwise._execution.events",
    "AssetOut": "partwise._definitions.asset_out",
    "AssetPartitionStatus": "partwise._instance",
    "AssetRecordsFilter": "partwise._instance.fetch",
    "AssetSelection": "partwise._definitions.selection",
    "AssetSpec": "partwise._definitions.asset",
    "AssetsDefinition": "partwise._definitions.asset",
    "BackfillPolicy": "partwise._definitions.backfill_policy",
    "BackfillPolicyType": "partwise._definitions.backfill_policy",
    "BackfillResult": "partwise._automation.backfill",
    "BackfillRun": "partwise._automation.backfill",
    "Backoff": "partwise._execution.outcomes",
    "BoolMetadataValue": "partwise._metadata",
    "BoolSource": "partwise._config.sources",
    "CheckError": "partwise.errors",
    "Config": "partwise._config.config",
    "ConfigMapping": "partwise._config.mapping",
    "ConfigurableIOManager": "partwise._io.configurable",
    "ConfigurableResource": "partwise._config.config",
    "DagsterAssetMetadataValue": "partwise._metadata",
    "DagsterError": "partwise.errors",
    "DagsterEventType": "partwise._instance",
    "DagsterExecutionStepExecutionError": "partwise.errors",
    "DagsterInstance": "partwise._instance",
    "DagsterInvalidConfigError": "partwise.errors",
    "DagsterInvalidDefinitionError": "partwise.errors",
    "DagsterInvalidDeserializationVersionError": "partwise.errors",
    "DagsterInvalidInvocationError": "partwise.errors",
    "DagsterInvalidMetadata": "partwise.errors",
    "DagsterInvariantViolationError": "partwise.errors",
    "DagsterJobMetadataValue": "partwise._metadata",
    "DagsterMaxRetriesExceededError": "partwise.errors",
    "DagsterRun": "partwise._instance",
    "DagsterRunMetadataValue": "partwise._metadata",
    "DagsterRunStatus": "partwise._instance",
    "DagsterType": "partwise._definitions.types",
    "DagsterTypeCheckDidNotPass": "partwise.errors",
    "DagsterUnknownPartitionError": "partwise.errors",
    "DailyPartitionsDefinition": "partwise._partitions.definitions.cadences",
    "DefaultPartitionsSubset": "partwise._partitions.subsets.base",
    "DefaultScheduleStatus": "partwise._automation.schedule",
    "DefaultSensorStatus": "partwise._automation.sensor",
    "Definitions": "partwise._definitions.definitions",
    "DeleteDynamicPartitionsRequest": "partwise._partitions.definitions.dynamic",
    "DimensionPartitionMapping": "partwise._partitions.mappings.multi",
    "DynamicOut": "partwise._definitions.dynamic",
    "DynamicOutput": "partwise._definitions.dynamic",
    "DynamicPartitionsDefinition": "partwise._partitions.definitions.dynamic",
    "DynamicPartitionsStore": "partwise._partitions.context",
    "EnvVar": "partwise._config.env",
    "EventLogEntry": "partwise._instance",
    "EventLogRecord": "partwise._instance.records",
    "EventRecordsFilter": "partwise._instance",
    "EventRecordsResult": "partwise._instance.fetch",
    "ExecuteInProcessResult": "partwise._execution.result",
    "ExecutorDefinition": "partwise._execution.executors",
    "Failure": "partwise._execution.outcomes",
    "Field": "partwise._config.schema",
    "FilesystemIOManager": "partwise._io.filesystem",
    "FloatMetadataValue": "partwise._metadata",
    "GraphDefinition": "partwise._definitions.graph",
    "GraphIn": "partwise._definitions.graph",
    "GraphOut": "partwise._definitions.graph",
    "HourlyPartitionsDefinition": "partwise._partitions.definitions.cadences",
    "IOManager": "partwise._io.base",
    "IOManagerDefinition": "partwise._io.base",
    "IdentityPartitionMapping": "partwise._partitions.mappings.base",
    "ImmutableDefinitionError": "partwise.errors",
    "In": "partwise._definitions.op",
    "InMemoryIOManager": "partwise._io.memory",
    "InitResourceContext": "partwise._definitions.resource",
    "InputContext": "partwise._io.base",
    "Instance": "partwise._instance",
    "IntMetadataValue": "partwise._metadata",
    "IntSource": "partwise._config.sources",
    "InvalidConfigError": "partwise.errors",
    "InvalidDefinitionError": "partwise.errors",
    "InvalidDeserializationVersionError": "partwise.errors",
    "InvalidInvocationError": "partwise.errors",
    "InvalidMetadataError": "partwise.errors",
    "InvalidPartitionKeyError": "partwise.errors",
    "InvariantViolationError": "partwise.errors",
    "Jitter": "partwise._execution.outcomes",
    "JobDefinition": "partwise._definitions.job",
    "JsonMetadataValue": "partwise._metadata",
    "KeySpace": "partwise._partitions.definitions.base",
    "LastPartitionMapping": "partwise._partitions.mappings.base",
    "MarkdownMetadataValue": "partwise._metadata",
    "MaterializeResult": "partwise._execution.events",
    "MaxRetriesExceededError": "partwise.errors",
    "MetadataValue": "partwise._metadata",
    "MonthlyPartitionsDefinition": "partwise._partitions.definitions.cadences",
    "MultiPartitionKey": "partwise._partitions.definitions.multi",
    "MultiPartitionMapping": "partwise._partitions.mappings.multi",
    "MultiPartitionsDefinition": "partwise._partitions.definitions.multi",
    "MultiToSingleDimensionPartitionMapping": "partwise._partitions.mappings.multi",
    "NotebookMetadataValue": "partwise._metadata",
    "Nothing": "partwise._definitions.types",
    "NullMetadataValue": "partwise._metadata",
    "OpDefinition": "partwise._definitions.op",
    "OpExecutionContext": "partwise._execution.context",
    "Out": "partwise._definitions.op",
    "Output": "partwise._execution.events",
    "OutputContext": "partwise._io.base",
    "PandasIOManager": "partwise._io.pandas",
    "PandasParquetIOManager": "partwise._io.pandas",
    "PartitionDimensionDefinition": "partwise._partitions.definitions.base",
    "PartitionDimensionKey": "partwise._partitions.definitions.multi",
    "PartitionKeyRange": "partwise._partitions.definitions.base",
    "PartitionMapping": "partwise._partitions.mappings.base",
    "PartitionedConfig": "partwise._config.partitioned",
    "PartitionsDefinition": "partwise._partitions.definitions.base",
    "PartitionsSubset": "partwise._partitions.subsets.base",
    "PartwiseError": "partwise.errors",
    "PathMetadataValue": "partwise._metadata",
    "PermissiveConfig": "partwise._config.config",
    "PythonArtifactMetadataValue": "partwise._metadata",
    "PythonObjectDagsterType": "partwise._definitions.types",
    "RepositoryDefinition": "partwise._definitions.repository",
    "ResourceDefinition": "partwise._definitions.resource",
    "RetryPolicy": "partwise._execution.outcomes",
    "RetryRequested": "partwise._execution.outcomes",
    "RunConfig": "partwise._config.config",
    "RunRequest": "partwise._definitions.run_request",
    "RunsFilter": "partwise._instance",
    "ScheduleDefinition": "partwise._automation.schedule",
    "ScheduleEvaluationContext": "partwise._automation.context",
    "ScheduleType": "partwise._partitions.definitions.time_window",
    "ScheduledTick": "partwise._automation.tick",
    "SensorDefinition": "partwise._automation.sensor",
    "SensorEvaluationContext": "partwise._automation.context",
    "SensorResult": "partwise._automation.run_request",
    "SerializationError": "partwise.errors",
    "SkipReason": "partwise._automation.run_request",
    "SourceAsset": "partwise._definitions.asset",
    "SpecificPartitionsPartitionMapping": "partwise._partitions.mappings.static",
    "StaticPartitionMapping": "partwise._partitions.mappings.static",
    "StaticPartitionsDefinition": "partwise._partitions.definitions.static",
    "StepExecutionError": "partwise.errors",
    "StorageError": "partwise.errors",
    "StringSource": "partwise._config.sources",
    "TableColumn": "partwise._metadata",
    "TableColumnConstraints": "partwise._metadata",
    "TableConstraints": "partwise._metadata",
    "TableMetadataValue": "partwise._metadata",
    "TableRecord": "partwise._metadata",
    "TableSchema": "partwise._metadata",
    "TableSchemaMetadataValue": "partwise._metadata",
    "TextMetadataValue": "partwise._metadata",
    "TickResult": "partwise._automation.tick",
    "TimeWindow": "partwise._partitions.definitions.base",
    "TimeWindowPartitionMapping": "partwise._partitions.mappings.time_window",
    "TimeWindowPartitionsDefinition": "partwise._partitions.definitions.time_window",
    "TimeWindowPartitionsSubset": "partwise._partitions.subsets.time_window",
    "TimestampMetadataValue": "partwise._metadata",
    "TypeCheck": "partwise._definitions.types",
    "TypeCheckError": "partwise.errors",
    "UnknownPartitionError": "partwise.errors",
    "UnknownTimezoneError": "partwise.errors",
    "UnresolvedAssetJobDefinition": "partwise._definitions.job",
    "UnresolvedPartitionedAssetScheduleDefinition": "partwise._automation.partitioned_schedule",
    "UpstreamPartitionsResult": "partwise._partitions.mappings.base",
    "UrlMetadataValue": "partwise._metadata",
    "WeeklyPartitionsDefinition": "partwise._partitions.definitions.cadences",
    "asset": "partwise._definitions.asset_decorator",
    "asset_check": "partwise._definitions.asset_check",
    "backfill": "partwise._automation.backfill",
    "build_asset_context": "partwise._execution.context",
    "build_init_resource_context": "partwise._definitions.resource",
    "build_input_context": "partwise._io.base",
    "build_op_context": "partwise._execution.context",
    "build_output_context": "partwise._io.base",
    "build_schedule_context": "partwise._automation.context",
    "build_schedule_from_partitioned_job": "partwise._automation.partitioned_schedule",
    "build_sensor_context": "partwise._automation.context",
    "daily_partitioned_config": "partwise._config.partitioned",
    "define_asset_job": "partwise._definitions.job",
    "deserialize_value": "partwise._partitions.serdes",
    "dynamic_partitioned_config": "partwise._config.partitioned",
    "file_relative_path": "partwise._paths",
    "fs_io_manager": "partwise._io.filesystem",
    "get_dagster_logger": "partwise._execution.executors",
    "graph": "partwise._definitions.graph",
    "graph_asset": "partwise._definitions.graph_asset",
    "graph_multi_asset": "partwise._definitions.graph_asset",
    "hookimpl": "partwise._execution.hooks",
    "hourly_partitioned_config": "partwise._config.partitioned",
    "in_process_executor": "partwise._execution.executors",
    "infer_partition_mapping": "partwise._partitions.mappings.infer",
    "instance_for_test": "partwise._instance.testing",
    "io_manager": "partwise._io.base",
    "job": "partwise._definitions.job",
    "load_asset_checks_from_current_module": "partwise._definitions.loading",
    "load_asset_checks_from_modules": "partwise._definitions.loading",
    "load_asset_checks_from_package_module": "partwise._definitions.loading",
    "load_asset_checks_from_package_name": "partwise._definitions.loading",
    "load_assets_from_current_module": "partwise._definitions.loading",
    "load_assets_from_modules": "partwise._definitions.loading",
    "load_assets_from_package_module": "partwise._definitions.loading",
    "load_assets_from_package_name": "partwise._definitions.loading",
    "materialize": "partwise._execution.materialize",
    "materialize_to_memory": "partwise._execution.materialize",
    "mem_io_manager": "partwise._io.memory",
    "monthly_partitioned_config": "partwise._config.partitioned",
    "multi_asset": "partwise._definitions.multi_asset",
    "multi_asset_check": "partwise._definitions.asset_check",
    "multiprocess_executor": "partwise._execution.executors",
    "op": "partwise._definitions.op",
    "partition_loading_context": "partwise._partitions.context",
    "register_plugin": "partwise._execution.hooks",
    "repository": "partwise._definitions.repository",
    "resource": "partwise._definitions.resource",
    "schedule": "partwise._automation.schedule",
    "schedule_ticks": "partwise._automation.tick",
    "sensor": "partwise._automation.sensor",
    "serialize_value": "partwise._partitions.serdes",
    "static_partitioned_config": "partwise._config.partitioned",
    "tick": "partwise._automation.tick",
    "unregister_plugin": "partwise._execution.hooks",
    "validate_run_config": "partwise._execution.validate",
    "weekly_partitioned_config": "partwise._config.partitioned",
    "with_resources": "partwise._definitions.with_resources",
}

__all__ = list(_EXPORTS)


if not TYPE_CHECKING:  # type checkers see the imports above, so `partwise.typo` is a static error

    def __getattr__(name: str) -> Any:
        module = _EXPORTS.get(name)
        if module is None:
            from partwise._compat import unknown_name

            raise unknown_name(__name__, name, __all__, sys._getframe(1))
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value  # later lookups skip this function
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
