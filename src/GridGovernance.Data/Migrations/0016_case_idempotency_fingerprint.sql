-- An idempotency key answers a RETRY of the same submission, never a different one: the key is kept with a fingerprint
-- (SHA-256) of what was submitted, and a key reused with another body is refused (422) instead of being answered with the
-- first submitter's case number and private tracking link. Cases filed before this migration have no fingerprint: a replay
-- of their key is answered as before.
ALTER TABLE case_file ADD COLUMN idempotency_fingerprint bytea
    CONSTRAINT case_file_idempotency_fingerprint_length CHECK (octet_length(idempotency_fingerprint) = 32);
