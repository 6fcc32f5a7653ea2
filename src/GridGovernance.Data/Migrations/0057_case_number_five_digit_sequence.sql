-- A county day with more than 9,999 cases (a disaster, a flood of residents' reports) goes on with a 5-digit daily sequence
-- instead of failing every further report: E0102202612030001 … E0102202612039999, then E01022026120310000 (the domain's
-- CaseNumber). One spelling per number: 4 digits below 10000, 5 from 10000 on.
ALTER TABLE case_file DROP CONSTRAINT case_file_number_check;
ALTER TABLE case_file ADD CONSTRAINT case_file_number_check CHECK (number ~ '^[EC][0-9]{12}([0-9]{4}|[1-9][0-9]{4})$');

ALTER TABLE case_number_counter DROP CONSTRAINT case_number_counter_last_value_check;
ALTER TABLE case_number_counter ADD CONSTRAINT case_number_counter_last_value_check CHECK (last_value BETWEEN 1 AND 99999);
