-- Schema version 10: which questionnaires the organisation uses.

-- A list of scale codes; empty (NULL) means every questionnaire the app knows, so an organisation
-- from before this change keeps all of them.
ALTER TABLE organisations ADD COLUMN scales TEXT CHECK (scales IS NULL OR json_valid(scales));
