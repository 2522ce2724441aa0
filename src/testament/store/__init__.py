"""The case store: schema, migrations, blobs, custody."""
