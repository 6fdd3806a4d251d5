-- Trigram search on people (names and SIS ids). pg_trgm ships with PostgreSQL's contrib.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
