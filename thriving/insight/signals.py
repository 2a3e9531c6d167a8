"""Keeping the referral facts fresh (thriving.insight.facts): every save or delete of a
referral, one of its events, connections or measures, and every change of its reasons,
collects the referral's id; when the transaction commits, the facts of the ids collected are
refreshed in one go. Connected in InsightConfig.ready().

A failure to refresh is logged (the error's type only: no ids, no patient details) and never
breaks the request that caused it; the facts_refresh task rebuilds everything every 15
minutes anyway, which also catches QuerySet.update() and bulk_create (they send no signals).
"""

import logging

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from referrals.models import Connection, OutcomeMeasure, Referral, ReferralEvent

logger = logging.getLogger(__name__)

_PENDING = "_insight_referral_facts_pending"


def referral_touched(referral_id, *, using: str | None = None) -> None:
    """Refresh this referral's facts when the current transaction commits (at once when
    there is none). All the ids of one transaction are refreshed together."""
    if referral_id is None:
        return
    connection = transaction.get_connection(using)
    # The ids of the current outermost transaction (a rolled-back one's are forgotten: its
    # callbacks never run, and the next transaction starts a new set).
    block = connection.atomic_blocks[0] if connection.in_atomic_block else None
    held = getattr(connection, _PENDING, None)
    if held is None or held[0] is not block or block is None:
        held = (block, set())
        setattr(connection, _PENDING, held)
    pending = held[1]
    pending.add(referral_id)
    # One callback per touch (cheap): the first to run refreshes everything collected, the
    # others find nothing left. (A callback dropped by a rolled-back savepoint is then
    # made up for by a later one.)
    transaction.on_commit(lambda: _flush(pending), using=using)


def _flush(pending: set) -> None:
    if not pending:
        return
    ids = list(pending)
    pending.clear()
    from .facts import refresh_referral_facts

    try:
        refresh_referral_facts(ids)
    except Exception as error:  # never break the request: the next full refresh catches up
        logger.warning(
            "Could not refresh the facts of %d referral(s) (%s); the next full refresh will",
            len(ids),
            type(error).__name__,
        )


def _referral_saved(sender, instance, using=None, **kwargs) -> None:
    referral_touched(instance.pk, using=using)


def _related_saved(sender, instance, using=None, **kwargs) -> None:
    referral_touched(instance.referral_id, using=using)


def _reasons_changed(sender, instance, action, reverse, pk_set, using=None, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    if not reverse:
        referral_touched(instance.pk, using=using)
    elif action == "pre_clear":  # a reason losing all its referrals: which ones, before
        for referral_id in instance.referrals.values_list("pk", flat=True):
            referral_touched(referral_id, using=using)
    else:
        for referral_id in pk_set or ():
            referral_touched(referral_id, using=using)


def connect() -> None:
    post_save.connect(_referral_saved, sender=Referral, dispatch_uid="insight.facts.referral")
    post_delete.connect(
        _referral_saved, sender=Referral, dispatch_uid="insight.facts.referral_deleted"
    )
    for model in (ReferralEvent, Connection, OutcomeMeasure):
        name = model._meta.model_name
        post_save.connect(_related_saved, sender=model, dispatch_uid=f"insight.facts.{name}")
        post_delete.connect(
            _related_saved, sender=model, dispatch_uid=f"insight.facts.{name}_deleted"
        )
    m2m_changed.connect(
        _reasons_changed, sender=Referral.reasons.through, dispatch_uid="insight.facts.reasons"
    )
