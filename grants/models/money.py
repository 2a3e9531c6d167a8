"""Money in pounds, pence-exact."""

from decimal import Decimal

from django.db import models

PENNY = Decimal("0.01")


def money_field(*args, **kwargs) -> models.DecimalField:
    """Pounds as Decimal with two places, up to £99,999,999.99: never a float."""
    return models.DecimalField(*args, max_digits=10, decimal_places=2, **kwargs)


def format_money(amount: Decimal | None) -> str:
    """£1,234.50 and £50 (no pence when there are none), for messages people read."""
    if amount is None:
        return ""
    amount = Decimal(amount).quantize(PENNY)
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"
