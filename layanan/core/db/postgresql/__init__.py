"""Django's PostgreSQL backend with deferred statements (ADR 0034).

Use ``ENGINE = "layanan.core.db.postgresql"`` (``config.settings.base`` does).
"""
