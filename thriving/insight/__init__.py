"""Outcomes and insight (issue 5): the programme dashboards and the Thriving Communities Index.

Reads referrals, the directory and grants; nothing there reads this app (ARCHITECTURE.md).
"""
