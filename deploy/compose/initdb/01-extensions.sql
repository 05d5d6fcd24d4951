-- Run once by the postgres image on an empty data directory (docker-compose.yml mounts this
-- folder at /docker-entrypoint-initdb.d). Discovery needs these extensions; creating them
-- needs a superuser, which the app's migration role usually is not in production, so they are
-- created here (and by the DBA in production: see docs/runbooks/deploy.md).
CREATE EXTENSION IF NOT EXISTS vector;     -- pgvector: embeddings for similarity search
CREATE EXTENSION IF NOT EXISTS pg_trgm;    -- trigrams and similarity for fuzzy handle search
CREATE EXTENSION IF NOT EXISTS btree_gin;  -- migration 0002's GIN indexes (dropped by 0005)
