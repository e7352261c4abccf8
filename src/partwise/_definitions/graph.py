"""Graphs: ops composed by calling them (``@graph``), nestable, and made into jobs with ``to_job``."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from partwise._compat import check_keywords, strict_keywords
from partwise._partitions.definitions.base import PartitionsDefinition
from partwise.errors import InvalidDefinitionError, InvalidInvocationError

from .fn import signature
from .job import JobDefinition, _config_partitions
from .op import Node, _JobInput, _Output, composing, output_handles, trace_graph

if TYPE_CHECKING:
    from partwise._execution.result import ExecuteInProcessResult


__all__ = ["GraphDefinition", "GraphIn", "GraphOut", "graph"]


@dataclass(frozen=True)
class GraphIn:
    description: str | None = None


@dataclass(frozen=True)
class GraphOut:
    description: str | None = None


@dataclass(eq=False)
class GraphDefinition:
    """Op nodes wired by a composition function; ``outputs`` maps each graph output to a node's."""

    name: str
    nodes: tuple[Node, ...]
    input_names: tuple[str, ...] = ()
    outputs: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    description: str | None = None
    tags: Mapping[str, str] = field(default_factory=dict)

    @property
    def node_names(self) -> list[str]:
        return [n.name for n in self.nodes]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Inside another composition: inline this graph's nodes under ``<name>.``."""
        nodes = composing()
        if nodes is None:
            raise InvalidInvocationError(
                f"Graph {self.name!r} can only be called inside a @job or @graph; to run it, "
                "use .to_job().execute_in_process() or .execute_in_process()"
            )
        return self._inline(nodes, self.name, args, kwargs)

    def alias(self, name: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            nodes = composing()
            if nodes is None:
                raise InvalidInvocationError(f"{self.name}.alias({name!r}) needs a @job or @graph")
            return self._inline(nodes, name, args, kwargs)

        return call

    def _inline(
        self, nodes: list[Node], name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        taken = {n.name.split(".", 1)[0] for n in nodes}
        prefix, i = name, 2
        while prefix in taken:
            prefix, i = f"{name}_{i}", i + 1
        if len(args) > len(self.input_names):
            raise InvalidDefinitionError(
                f"Graph {self.name!r} takes inputs {list(self.input_names)} but was called with "
                f"{len(args)} arguments"
            )
        given = dict(zip(self.input_names, args, strict=False)) | kwargs
        unknown = sorted(set(given) - set(self.input_names))
        if unknown:
            raise InvalidDefinitionError(
                f"Graph {self.name!r} has no inputs {unknown}; its inputs are {list(self.input_names)}"
            )
        for node in self.nodes:
            inputs = {k: (f"{prefix}.{up}", out) for k, (up, out) in node.inputs.items()}
            job_inputs: dict[str, str] = {}
            for input_name, graph_input in node.job_inputs.items():
                value = given.get(graph_input, _JobInput(graph_input))
                if isinstance(value, _Output):
                    inputs[input_name] = (value.node, value.output)
                else:
                    job_inputs[input_name] = value.name
            mapped = f"{prefix}.{node.mapped_over}" if node.mapped_over else None
            renamed = Node(
                f"{prefix}.{node.name}", node.op, inputs, job_inputs, mapped, node.collected
            )
            nodes.append(renamed)
        if not self.outputs:
            return None
        handles = {k: _Output(f"{prefix}.{up}", out) for k, (up, out) in self.outputs.items()}
        if len(handles) == 1:
            return next(iter(handles.values()))
        many = output_handles("", list(handles))
        return type(many)(*handles.values())

    def to_job(
        self,
        name: str | None = None,
        description: str | None = None,
        resource_defs: Mapping[str, Any] | None = None,
        config: Any = None,
        tags: Mapping[str, Any] | None = None,
        metadata: Mapping[str, Any] | None = None,
        logger_defs: Mapping[str, Any] | None = None,
        executor_def: Any = None,
        hooks: Any = None,
        op_retry_policy: Any = None,
        op_selection: Sequence[str] | None = None,
        partitions_def: PartitionsDefinition | None = None,
        input_values: Mapping[str, Any] | None = None,
        run_tags: Mapping[str, Any] | None = None,
        owners: Sequence[str] | None = None,
        automation_condition: Any = None,
    ) -> JobDefinition:
        """A job running this graph; ``config`` may be a dict, ``RunConfig`` or partitioned config.

        ``logger_defs``, ``executor_def``, ``owners`` and ``automation_condition`` are accepted for
        compatibility (partwise runs every job in process); ``hooks`` are refused
        (``partwise._compat``). A tag value that is not a string is stored as JSON, as in the
        reference.
        """
        check_keywords(GraphDefinition.to_job, {"hooks": hooks})

        nodes = self.nodes
        if op_selection is not None:
            nodes = tuple(n for n in nodes if n.name in set(op_selection))
        return JobDefinition(
            name=name or self.name,
            nodes=nodes,
            partitions_def=_config_partitions(config, partitions_def),
            config=config,
            resource_defs=dict(resource_defs or {}),
            tags=_tag_strings({**self.tags, **(tags or {})}),
            run_tags=None if run_tags is None else _tag_strings(run_tags),
            description=description or self.description,
            metadata=dict(metadata or {}),
            input_values=dict(input_values or {}),
            graph_outputs=dict(self.outputs),
            op_retry_policy=op_retry_policy,
        )

    def execute_in_process(
        self,
        run_config: Any = None,
        instance: Any = None,
        resources: Mapping[str, Any] | None = None,
        raise_on_error: bool = True,
        op_selection: Sequence[str] | None = None,
        run_id: str | None = None,
        input_values: Mapping[str, Any] | None = None,
    ) -> ExecuteInProcessResult:
        return self.to_job(resource_defs=resources, input_values=input_values).execute_in_process(
            run_config=run_config,
            instance=instance,
            raise_on_error=raise_on_error,
            op_selection=op_selection,
            run_id=run_id,
        )

    def __repr__(self) -> str:
        return f"GraphDefinition(name={self.name!r}, nodes={self.node_names})"


def _tag_strings(tags: Mapping[str, Any]) -> dict[str, str]:
    """Tags with every value a string: others are JSON-encoded (an error if they cannot be)."""
    out = {}
    for key, value in tags.items():
        if isinstance(value, str):
            out[key] = value
            continue
        try:
            out[key] = json.dumps(value)
        except TypeError:
            raise InvalidDefinitionError(
                f"Invalid value for tag {key!r}: {value!r} is neither a string nor JSON-encodable"
            ) from None
    return out


def _returned_outputs(name: str, returned: Any, out: Any) -> dict[str, tuple[str, str]]:
    """The graph's outputs from what its body returned (a handle, a tuple or a dict of them)."""
    if returned is None:
        return {}
    if isinstance(returned, _Output):
        names = list(out) if isinstance(out, Mapping) else ["result"]
        return {names[0]: (returned.node, returned.output)}
    if isinstance(returned, Mapping):
        items = dict(returned)
    elif isinstance(returned, tuple) and isinstance(out, Mapping) and len(out) == len(returned):
        items = dict(zip(out, returned, strict=True))
    else:
        raise InvalidDefinitionError(
            f"Graph {name!r} returned {returned!r}; return an op's output, a dict of outputs, or "
            "a tuple of outputs matching out={...}"
        )
    bad = [k for k, v in items.items() if not isinstance(v, _Output)]
    if bad:
        raise InvalidDefinitionError(f"Graph {name!r} outputs {bad} are not op outputs")
    return {k: (v.node, v.output) for k, v in items.items()}


def build_graph(
    fn: Callable[..., Any],
    name: str | None = None,
    description: str | None = None,
    out: Any = None,
    tags: Mapping[str, Any] | None = None,
) -> GraphDefinition:
    params = [p.name for p in signature(fn, "graph").parameters.values()]
    nodes, returned = trace_graph(fn, params)
    graph_name = name or fn.__name__
    return GraphDefinition(
        name=graph_name,
        nodes=nodes,
        input_names=tuple(params),
        outputs=_returned_outputs(graph_name, returned, out),
        description=description or (fn.__doc__ or "").strip() or None,
        tags=dict(tags or {}),
    )


@strict_keywords
def graph(
    compose_fn: Callable[..., Any] | None = None,
    *,
    name: str | None = None,
    description: str | None = None,
    ins: Mapping[str, GraphIn] | None = None,
    out: GraphOut | Mapping[str, GraphOut] | None = None,
    tags: Mapping[str, Any] | None = None,
    config: Any = None,
    input_defs: Any = None,
    output_defs: Any = None,
) -> GraphDefinition | Callable[[Callable[..., Any]], GraphDefinition]:
    """Compose ops (and other graphs) by calling them; the body's parameters are graph inputs."""
    if config is not None:
        raise InvalidDefinitionError(
            "@graph(config=...) (config mapping) is not supported by partwise; give each op its "
            "config in the job's run config, or pass config= to to_job"
        )

    def build(fn: Callable[..., Any]) -> GraphDefinition:
        return build_graph(fn, name, description, out, tags)

    return build(compose_fn) if compose_fn is not None else build
