"""Layanan: digital public services for Indonesian local government."""

__version__ = "0.1.0"
