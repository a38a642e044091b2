"""Signed review packs and the installation identity (no Qt, no database sessions)."""
