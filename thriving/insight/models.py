"""Insight's own tables: the Thriving Communities Index (see thriving.insight.index)."""
