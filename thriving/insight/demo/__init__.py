"""A year of demo history for the dashboards and the Thriving Communities Index.

`seed(stdout)` is run by `manage.py seed_demo` after the directory, connections and grants
demos (thriving.demo.seed.OPTIONAL_SEEDERS): about 800 referrals over the last 12 months
across the demo practices, providers and all 20 wards, with their events, reasons, contact
attempts, connections to directory listings and wellbeing measures at the start and the end;
illustrative deprivation ranks for the wards when none are loaded; then the index, computed
once. Safe to run again: it adds only what is missing.
"""

from .build import seed

__all__ = ["seed"]
