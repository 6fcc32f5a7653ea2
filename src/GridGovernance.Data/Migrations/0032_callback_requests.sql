-- A resident who left a phone may ask to be called back (希望回电). The grid's worker sees the case as 待回电 until someone
-- whose scope covers the case reveals the number to call it (each reveal is in audit_log); then the request is done.
ALTER TABLE case_file
    ADD COLUMN callback_requested boolean NOT NULL DEFAULT false,
    ADD COLUMN callback_done_at timestamptz,
    ADD CONSTRAINT case_file_callback_needs_phone CHECK (NOT callback_requested OR reporter_phone_encrypted IS NOT NULL);
