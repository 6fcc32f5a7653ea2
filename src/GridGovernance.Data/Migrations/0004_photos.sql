-- Photos attached to cases. Files live on disk under their content hash (see Features/Photos); this table holds what the
-- pages need without opening the file, and lets a case row reference a photo by hash.
CREATE TABLE photo (
    sha256            text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    media_type        text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/webp')),
    bytes             bigint NOT NULL CHECK (bytes > 0),
    width             integer NOT NULL CHECK (width BETWEEN 1 AND 2048),
    height            integer NOT NULL CHECK (height BETWEEN 1 AND 2048),
    thumbnail_sha256  text NOT NULL CHECK (thumbnail_sha256 ~ '^[0-9a-f]{64}$'),
    created_at        timestamptz NOT NULL DEFAULT now()
);
