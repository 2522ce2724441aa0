"""Alembic environment: migrations always run on a connection handed over by `testament.store.case`."""

from alembic import context

from testament.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through testament.store.case (no connection was given)")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
