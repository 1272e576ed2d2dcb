-- The hash of the reference catalogue the store's reference tables were written from.
SELECT content_sha256 FROM catalogue_version
