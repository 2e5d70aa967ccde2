"""Signals of background jobs, so that the apps owning a job's work (an
import batch, a document) can put it back in order without this app
knowing them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``job`` (the Job, already marked failed) inside the transaction
# that marks it, when its worker stopped before finishing it. Receivers
# release what the job held (ntm.exchange: the import batch; ntm.reports: the
# document), in the same transaction.
job_interrupted = Signal()
