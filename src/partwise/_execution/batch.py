"""Runs whose records are stored together: one transaction for a whole batch of backfill runs.

A run's files are kept undoable (see :mod:`partwise._io.journal`) until its record is stored, so
a batch that cannot be stored puts every file of its runs back, and its runs are marked failed.
"""

from __future__ import annotations

from partwise._instance import Instance
from partwise._instance.records import DagsterRunStatus
from partwise._instance.storage import FinishedRun
from partwise._io.journal import WriteJournal
from partwise.errors import InvariantViolationError

__all__ = ["RunBatch"]


class RunBatch:
    """Finished runs waiting to be stored, with the journals of the files they wrote."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.pending: list[FinishedRun] = []
        self.journals: list[WriteJournal] = []

    def add(self, finished: FinishedRun, journal: WriteJournal) -> None:
        self.pending.append(finished)
        self.journals.append(journal)

    def flush(self) -> None:
        """Store the pending runs in one transaction, then keep their files.

        If that fails, every file they wrote is put back and each run is marked failed (if even
        that can be stored); the error names the runs.
        """
        pending, journals = self.pending, self.journals
        self.pending, self.journals = [], []
        if not pending:
            return
        try:
            self.instance.finish_runs(pending)
        except Exception as exc:
            for journal in reversed(journals):
                journal.rollback()
            self._fail(pending, f"{type(exc).__name__}: {exc}")
            ids = ", ".join(f.run.run_id for f in pending)
            raise InvariantViolationError(
                f"Could not record run{'s' if len(pending) > 1 else ''} {ids} in "
                f"{self.instance!r}: {type(exc).__name__}: {exc}; the files written were put "
                "back as they were"
            ) from exc
        for journal in journals:
            journal.commit()

    def _fail(self, pending: list[FinishedRun], message: str) -> None:
        reason = {"dagster/failure_reason": "UNEXPECTED_TERMINATION"}
        failed = [
            self.instance.finished(
                f.run, DagsterRunStatus.FAILURE, [], reason, f"could not be recorded: {message}"
            )
            for f in pending
        ]
        self.instance.end_runs(failed)
