"""The API kit every app's `<app>/api/` builds on: paging, the error shape, the schema's shared
parts, shared fields, filters and the read serializers' mixin, caching headers, the default
permission and optimistic locking (`versions`). A client should find this behaviour identical on
every endpoint."""
