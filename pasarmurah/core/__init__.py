"""Shared pieces: base models, money formatting, health check, error pages, demo data."""
