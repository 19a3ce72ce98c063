"""Validated models of vnfacts facts (pydantic) and their database tables (SQLModel)."""
